"""The solvers through the binding (figures cited as in tests/test_solve.c)."""

import unittest

import vramest
from vramest import GgufFtype, Mode, Quant, Status, VramError

from support import gib, llama_31_8b

# Llama-3.1-70B, config.json: 80 layers, hidden 8192, 64 heads, 8 KV heads,
# intermediate 28672, vocabulary 128256.
LLAMA_31_70B = dict(num_layers=80, hidden_size=8192, num_heads=64, num_kv_heads=8,
                    intermediate_size=28672, vocab_size=128256)


def peak(model, config, mode):
    with vramest.estimate(model, config, mode) as r:
        return r.get("peak_device_bytes")


class TestSolvers(unittest.TestCase):
    def test_max_batch_from_vllm_log(self):
        # tests/data/measured.jsonl vllm-llmd-llama31-8b-tp1-8192: on an H100
        # (79.19 GiB) at gpu_memory_utilization 0.95, "Maximum concurrency
        # for 8,192 tokens per request: 58.11x": 58 sequences fit, 59 do not.
        with llama_31_8b() as m, vramest.Config(engine="vllm", seq_len=8192,
                                                gpu_memory_utilization=0.95) as c:
            self.assertEqual(vramest.solve_max_batch(m, c, Mode.INFERENCE, gib(79.19)), 58)
            # the whole 131,072-token context fits: the answer stops at the
            # model's max_position_embeddings
            self.assertEqual(vramest.solve_max_seq_len(m, c, "inference", gib(79.19)), 131072)
            # without that limit, one sequence can fill the "GPU KV cache
            # size: 476,016 tokens", in whole 16-token blocks
            m.set("max_position_embeddings", 0)
            s = vramest.solve_max_seq_len(m, c, "inference", gib(79.19))
            self.assertLessEqual(abs(s - 476016), 500)
            self.assertEqual(s % 16, 0)

    def test_answers_are_largest_that_fit(self):
        budget = gib(80)
        with llama_31_8b() as m, vramest.Config(seq_len=8192) as c:
            b = vramest.solve_max_batch(m, c, Mode.INFERENCE, budget)
            c.set("batch_size", b)
            self.assertLessEqual(peak(m, c, Mode.INFERENCE), budget)
            c.set("batch_size", b + 1)
            self.assertGreater(peak(m, c, Mode.INFERENCE), budget)
            c.set("batch_size", 2)
            s = vramest.solve_max_seq_len(m, c, Mode.LORA, budget)
            c.set("seq_len", s)
            self.assertLessEqual(peak(m, c, Mode.LORA), budget)
            c.set("seq_len", s + 1)
            self.assertGreater(peak(m, c, Mode.LORA), budget)
            # 16 GB of bf16 weights do not fit 8 GiB at any batch
            with self.assertRaises(VramError) as cm:
                vramest.solve_max_batch(m, c, Mode.INFERENCE, gib(8))
            self.assertEqual(cm.exception.code, Status.E_DOES_NOT_FIT)

    def test_min_gpus(self):
        # 141 GB of bf16 weights: two 80 GB devices with tensor parallelism
        with vramest.Model(**LLAMA_31_70B) as m, vramest.Config() as c:
            self.assertEqual(vramest.solve_min_gpus(m, c, Mode.INFERENCE, gib(79.19), 64),
                             (2, 1, 2))
            self.assertEqual(vramest.solve_min_gpus(m, c, "inference", gib(79.19)), (2, 1, 2))
            with self.assertRaises(VramError) as cm:
                vramest.solve_min_gpus(m, c, Mode.INFERENCE, gib(79.19), 1)
            self.assertEqual(cm.exception.code, Status.E_DOES_NOT_FIT)

    def test_best_quant(self):
        # bf16 16.1 GB fits 20 GiB; fp8 9.1 GB fits 12 GiB; GPTQ 4-bit 8 GiB
        with llama_31_8b() as m, vramest.Config() as c:
            self.assertEqual(vramest.solve_best_quant(m, c, gib(20))[0], Quant.NONE)
            self.assertEqual(vramest.solve_best_quant(m, c, gib(12))[0], Quant.FP8)
            q, bits = vramest.solve_best_quant(m, c, gib(8))
            self.assertIs(q, Quant.GPTQ)
            self.assertEqual(bits, 4)
            with self.assertRaises(VramError) as cm:
                vramest.solve_best_quant(m, c, gib(2))
            self.assertEqual(cm.exception.code, Status.E_DOES_NOT_FIT)
            # llama.cpp: the GGUF presets, Q8_0 (8.5 GB) in 10 GiB
            c.set("engine", "llama.cpp")
            self.assertEqual(vramest.solve_best_quant(m, c, gib(10)), (Quant.GGUF, GgufFtype.Q8_0))
            self.assertIsInstance(vramest.solve_best_quant(m, c, gib(10))[1], GgufFtype)

    def test_needs_checkpointing(self):
        # LoRA, batch 2: 8192 tokens need it in 80 GiB, 512 do not
        with llama_31_8b() as m, vramest.Config(batch_size=2, seq_len=8192) as c:
            self.assertIs(vramest.solve_needs_checkpointing(m, c, Mode.LORA, gib(80)), True)
            c.set("seq_len", 512)
            self.assertIs(vramest.solve_needs_checkpointing(m, c, "lora", gib(80)), False)
            with self.assertRaises(VramError) as cm:
                vramest.solve_needs_checkpointing(m, c, Mode.LORA, gib(10))
            self.assertEqual(cm.exception.code, Status.E_DOES_NOT_FIT)
            with self.assertRaises(VramError) as cm:
                vramest.solve_needs_checkpointing(m, c, Mode.INFERENCE, gib(80))
            self.assertEqual(cm.exception.code, Status.E_RANGE)

    def test_budget_must_be_uint64(self):
        with llama_31_8b() as m, vramest.Config() as c:
            with self.assertRaises(ValueError):
                vramest.solve_max_batch(m, c, Mode.INFERENCE, -1)
            with self.assertRaises(ValueError):
                vramest.solve_max_batch(m, c, "decode", gib(80))


if __name__ == "__main__":
    unittest.main()
