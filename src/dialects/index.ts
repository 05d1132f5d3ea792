// Every dialect trainlint knows. Adding a framework: one file here, its schema, its examples.
import type { Dialect } from '../core/plan.ts';
import { kohya } from './diffusion/kohya.ts';
import { nanotron } from './pretrain/nanotron.ts';
import { olmo } from './pretrain/olmo.ts';
import { deepspeed } from './torch/deepspeed.ts';
import { litgpt } from './torch/litgpt.ts';
import { torchtitan } from './torch/torchtitan/index.ts';
import { torchtune } from './torch/torchtune.ts';
import { nanogpt } from './scripts/nanogpt.ts';
import { minimind } from './scripts/minimind.ts';
import { llmsFromScratch } from './scripts/llms-from-scratch.ts';
import { onetrainer } from './diffusion/onetrainer.ts';
import { hfTrainer } from './hf/hf-trainer.ts';
import { axolotl } from './hf/axolotl.ts';
import { llamaFactory } from './hf/llama-factory.ts';
import { megatronLm } from './megatron/megatron-lm.ts';
import { gptNeox } from './megatron/gpt-neox.ts';
import { megatronBridge } from './megatron/megatron-bridge.ts';
import { verl } from './rl/verl.ts';
import { ultralytics } from './vision/ultralytics.ts';
import { timm } from './vision/timm.ts';
import { openrlhf } from './rl/openrlhf.ts';
import { diffusers } from './diffusion/diffusers.ts';
import { detectron2 } from './vision/detectron2.ts';

export const DIALECTS: readonly Dialect[] = [nanotron, olmo, torchtune, deepspeed, torchtitan, litgpt, onetrainer, nanogpt, minimind, llmsFromScratch, hfTrainer, axolotl, llamaFactory, megatronLm, megatronBridge, gptNeox, verl, ultralytics, timm, openrlhf, kohya, diffusers, detectron2];

export function findDialect(id: string): Dialect | undefined {
  return DIALECTS.find((d) => d.id === id);
}
