// torchtitan lives in src/dialects/torch/torchtitan/ (registry reader, TOML reader, the shared schedule).
export * from './torch/torchtitan/index.ts';
