// Every dialect trainlint knows. Adding a framework: one file here, its schema, its examples.
import type { Dialect } from '../core/plan.ts';
import { nanotron } from './nanotron.ts';
import { olmo } from './olmo.ts';
import { deepspeed } from './deepspeed.ts';
import { litgpt } from './litgpt.ts';
import { torchtitan } from './torch/torchtitan/index.ts';
import { torchtune } from './torchtune.ts';
import { nanogpt } from './nanogpt.ts';
import { minimind } from './minimind.ts';
import { llmsFromScratch } from './llms-from-scratch.ts';
import { onetrainer } from './onetrainer.ts';
import { hfTrainer } from './hf-trainer.ts';
import { axolotl } from './axolotl.ts';
import { llamaFactory } from './llama-factory.ts';
import { megatronLm } from './megatron/megatron-lm.ts';
import { gptNeox } from './megatron/gpt-neox.ts';

export const DIALECTS: readonly Dialect[] = [nanotron, olmo, torchtune, deepspeed, torchtitan, litgpt, onetrainer, nanogpt, minimind, llmsFromScratch, hfTrainer, axolotl, llamaFactory, megatronLm, gptNeox];

export function findDialect(id: string): Dialect | undefined {
  return DIALECTS.find((d) => d.id === id);
}
