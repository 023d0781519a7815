#!/usr/bin/env python3
"""transformers' side of decoder_gpu_check's step part, same shapes, same GPU, one JSON line each.

Two ways per shape, random weights, one 1024-token sequence, lr 5e-5: the authors' pipeline
(float32, torch.optim.Adam) and a tuned user's (bf16 autocast, Adam(fused=True)). Reports the
median step time, a BPB forward, 20 steps (no gradient reuse in transformers) and the peak.
Usage (GPU machine): python3 tests/benchmarks/transformers_step.py
"""
import json
import time

import torch
from transformers import AutoModelForCausalLM, LlamaConfig, Qwen2Config

SHAPES = {
    "Qwen2.5-0.5B": Qwen2Config(vocab_size=151936, hidden_size=896, intermediate_size=4864, num_hidden_layers=24,
                                num_attention_heads=14, num_key_value_heads=2, max_position_embeddings=32768,
                                rope_theta=1000000.0, tie_word_embeddings=True),
    "Llama-3.2-1B": LlamaConfig(vocab_size=128256, hidden_size=2048, intermediate_size=8192, num_hidden_layers=16,
                                num_attention_heads=32, num_key_value_heads=8, max_position_embeddings=131072,
                                rope_theta=500000.0, tie_word_embeddings=True,
                                rope_scaling={"rope_type": "llama3", "factor": 32.0, "low_freq_factor": 1.0,
                                              "high_freq_factor": 4.0, "original_max_position_embeddings": 8192}),
}


def timed(function, repeats=5, warm_up=3):
    for _ in range(warm_up):
        function()
    times = []
    for _ in range(repeats):
        torch.cuda.synchronize()
        start = time.perf_counter()
        function()
        torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
    return 1e3 * sorted(times)[len(times) // 2]


def main():
    ids = torch.randint(0, 128256, (1, 1024), generator=torch.Generator().manual_seed(0)).cuda()
    for name, config in SHAPES.items():
        for way in ["authors fp32 Adam", "tuned bf16 autocast fused Adam"]:
            torch.manual_seed(0)
            torch.cuda.empty_cache()
            torch.cuda.reset_peak_memory_stats()
            model = AutoModelForCausalLM.from_config(config, attn_implementation="sdpa").cuda()
            tuned = way.startswith("tuned")
            optimizer = torch.optim.Adam(model.parameters(), lr=5e-5, fused=tuned)
            sequence = ids % config.vocab_size

            def step():
                with torch.autocast("cuda", dtype=torch.bfloat16, enabled=tuned):
                    loss = model(input_ids=sequence, labels=sequence).loss
                loss.backward()
                optimizer.step()
                optimizer.zero_grad(set_to_none=True)

            def forward():
                with torch.no_grad(), torch.autocast("cuda", dtype=torch.bfloat16, enabled=tuned):
                    logits = model(input_ids=sequence).logits.float()
                    torch.log_softmax(logits[0, :-1], -1).gather(-1, sequence[0, 1:, None]).sum().item()

            def twenty():
                for _ in range(20):
                    step()

            result = {"shape": name, "way": way, "step_ms": timed(step), "bpb_forward_ms": timed(forward),
                      "twenty_steps_ms": timed(twenty, repeats=1, warm_up=0),
                      "peak_gib": torch.cuda.max_memory_allocated() / 2**30}
            print(json.dumps(result), flush=True)
            del model, optimizer


if __name__ == "__main__":
    main()
