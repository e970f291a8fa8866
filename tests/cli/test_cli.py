#!/usr/bin/env python3
"""The vramest command-line tool, as a user runs it.

Usage: test_cli.py VRAMEST_BINARY REQUESTS_DIR

Checks the exit statuses promised by `vramest --help` (0 success, 2 usage
or request error), that every command's output says what it must, that
`vramest api` prints exactly what the library's JSON API answers, and that
`--json` output parses.
"""
import json
import os
import subprocess
import sys
import unittest

VRAMEST = None
REQUESTS = None


def run(*args, stdin=None):
    p = subprocess.run([VRAMEST, *args], input=stdin, capture_output=True, text=True,
                       timeout=60)
    return p.returncode, p.stdout, p.stderr


class Commands(unittest.TestCase):
    def test_no_command_is_a_usage_error(self):
        rc, out, err = run()
        self.assertEqual(rc, 2)
        self.assertIn("usage: vramest", err)

    def test_help_and_version(self):
        rc, out, _ = run("--help")
        self.assertEqual(rc, 0)
        for cmd in ("estimate", "fit", "models", "gpus", "api"):
            self.assertIn(cmd, out)
            rc, sub, _ = run(cmd, "--help")
            self.assertEqual(rc, 0, cmd)
            self.assertIn("usage: vramest " + cmd, sub)
        rc, out, _ = run("--version")
        self.assertEqual(rc, 0)
        self.assertRegex(out, r"^vramest \d+\.\d+\.\d+ \(libvramest \d+\.\d+\.\d+\)")

    def test_unknown_command_and_option(self):
        rc, _, err = run("estimat")
        self.assertEqual(rc, 2)
        self.assertIn('unknown command "estimat"', err)
        rc, _, err = run("estimate", "--model", "gpt2", "--sequence-length", "5")
        self.assertEqual(rc, 2)
        self.assertIn('unknown option "--sequence-length"', err)

    def test_bad_values_name_the_flag_and_value(self):
        rc, _, err = run("estimate", "--model", "gpt2", "--seq-len", "-5")
        self.assertEqual(rc, 2)
        self.assertIn("--seq-len -5", err)
        rc, _, err = run("estimate", "--model", "no-such-model")
        self.assertEqual(rc, 2)
        self.assertIn("no-such-model", err)
        rc, _, err = run("estimate", "--model", "gpt2", "--gpu-memory", "80 GiB")
        self.assertEqual(rc, 2)
        self.assertIn("--gpu-memory", err)
        rc, _, err = run("estimate")
        self.assertEqual(rc, 2)
        self.assertIn("--model", err)

    def test_estimate_table(self):
        # Llama-3.1-8B in bfloat16: 8,030,261,248 x 2 = 16,060,522,496 bytes of weights
        rc, out, err = run("estimate", "--model", "meta-llama/Llama-3.1-8B", "--dtype",
                           "bfloat16", "--seq-len", "8192", "--gpu", "H100-80GB")
        self.assertEqual(rc, 0, err)
        self.assertIn("8030261248 parameters", out)
        self.assertRegex(out, r"weights\s+exact\s+16060522496\s+14\.958")
        self.assertIn("peak device:", out)
        self.assertIn("fit: fits a device of 79.196 GiB", out)
        rc, out_gb, _ = run("estimate", "--model", "meta-llama/Llama-3.1-8B", "--dtype",
                            "bfloat16", "--units", "GB")
        self.assertRegex(out_gb, r"weights\s+exact\s+16060522496\s+16\.061")

    def test_estimate_json_is_the_result(self):
        rc, out, err = run("estimate", "--model", "Qwen/Qwen2.5-7B", "--mode", "lora",
                           "--lora-rank", "16", "--json")
        self.assertEqual(rc, 0, err)
        d = json.loads(out)
        self.assertEqual(d["mode"], "lora")
        parts = d["devices"][0]["parts"]
        self.assertEqual(sum(v for k, v in parts.items() if k != "total"), parts["total"])
        # q_proj 3584 -> 3584 and v_proj 3584 -> 512 (4 KV heads x 128), rank 16, 28 layers
        self.assertEqual(d["params"]["trainable"], 28 * 16 * ((3584 + 3584) + (3584 + 512)))

    def test_set_any_key(self):
        rc, a, _ = run("estimate", "--model", "gpt2", "--json")
        rc2, b, err = run("estimate", "--model", "gpt2", "--json", "--set", "cuda_context_bytes=0")
        self.assertEqual(rc2, 0, err)
        self.assertEqual(json.loads(b)["devices"][0]["parts"]["cuda_context"], 0)
        self.assertGreater(json.loads(a)["devices"][0]["parts"]["cuda_context"], 0)
        rc, _, err = run("estimate", "--model", "gpt2", "--set", "no_such_key=1")
        self.assertEqual(rc, 2)
        self.assertIn("no_such_key", err)

    def test_fit_lists_every_gpu(self):
        rc, out, err = run("fit", "--model", "meta-llama/Llama-3.1-70B", "--engine", "vllm",
                           "--seq-len", "8192")
        self.assertEqual(rc, 0, err)
        rc, gpus, _ = run("gpus")
        names = [line.split()[0] for line in gpus.splitlines()[1:]]
        self.assertGreater(len(names), 20)
        for n in names:
            self.assertIn(n, out)
        # 70B in bfloat16 (141 GB of weights) needs two 80 GB cards: 70.6 GB
        # each with tp 2, leaving vLLM room for the KV cache
        h100 = next(line for line in out.splitlines() if line.startswith("H100-80GB"))
        self.assertEqual(h100.split()[3:6], ["2", "2", "1"])
        rc, js, _ = run("fit", "--model", "gpt2", "--json")
        self.assertEqual(len(json.loads(js)), len(names))

    def test_fit_answers_for_the_device_given(self):
        # --gpu: that GPU's row only
        rc, out, err = run("fit", "--model", "llama-3.1-8b", "--gpu", "RTX-4090")
        self.assertEqual(rc, 0, err)
        rows = out.splitlines()[1:]
        self.assertEqual(len(rows), 1)
        self.assertTrue(rows[0].startswith("RTX-4090"))
        # --gpu-memory alone: one device of that memory, 24 GB = 22.35 GiB
        rc, out, err = run("fit", "--model", "llama-3.1-8b", "--gpu-memory", "24GB")
        self.assertEqual(rc, 0, err)
        rows = out.splitlines()[1:]
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0].split()[:2], ["custom", "22.35"])
        # fit chooses the layout: a fixed one is a usage error
        rc, _, err = run("fit", "--model", "llama-3.1-8b", "--tp", "8")
        self.assertEqual(rc, 2)
        self.assertIn("vramest estimate", err)
        # training has no decode rate
        rc, out, err = run("fit", "--model", "llama-3.1-8b", "--mode", "LoRA", "--gpu", "A100-80GB")
        self.assertEqual(rc, 0, err)
        self.assertEqual(out.splitlines()[1].split()[-1], "-")

    def test_usage_mistakes(self):
        rc, _, err = run("estimate", "--model", "gpt2", "--model", "gpt2-medium")
        self.assertEqual(rc, 2)
        self.assertIn("--model given twice", err)
        rc, _, err = run("estimate", "--model", "meta-llama/Lama-3.1-8B")
        self.assertEqual(rc, 2)
        self.assertIn("vramest models", err)
        rc, _, err = run("estimate", "--model", "gpt2", "--units", "gib", "--gpu-memory", "24gb")
        self.assertEqual(rc, 0, err)

    def test_models_and_gpus(self):
        rc, out, _ = run("models")
        self.assertEqual(rc, 0)
        self.assertIn("meta-llama/Llama-3.1-8B", out)
        rc, out, _ = run("gpus")
        self.assertEqual(rc, 0)
        self.assertIn("H100-80GB", out)
        rc, _, err = run("models", "--all")
        self.assertEqual(rc, 2)


class Api(unittest.TestCase):
    def test_every_example_request(self):
        names = sorted(os.listdir(REQUESTS))
        self.assertGreater(len(names), 4)
        for name in names:
            with open(os.path.join(REQUESTS, name), encoding="utf-8") as f:
                req = f.read()
            rc, out, err = run("api", stdin=req)
            d = json.loads(out)
            self.assertEqual(d["api_version"], 1)
            if name.startswith("error-"):
                self.assertEqual(rc, 2, name)
                self.assertTrue(d["error"]["code"].startswith("VRAM_E_"), name)
                self.assertTrue(d["error"]["message"], name)
            else:
                self.assertEqual(rc, 0, f"{name}: {out}")
                self.assertIn("devices", d, name)
                self.assertEqual(d["peak_device_bytes"],
                                 max(x["parts"]["total"] for x in d["devices"]))

    def test_deterministic(self):
        with open(os.path.join(REQUESTS, "seed-002-example.json"), encoding="utf-8") as f:
            req = f.read()
        self.assertEqual(run("api", stdin=req)[1], run("api", stdin=req)[1])

    def test_empty_and_binary_input(self):
        rc, out, _ = run("api", stdin="")
        self.assertEqual(rc, 2)
        self.assertEqual(json.loads(out)["error"]["code"], "VRAM_E_PARSE")
        rc, out, _ = run("api", stdin="\x01\x02{]")
        self.assertEqual(rc, 2)
        self.assertIn("byte 0", json.loads(out)["error"]["message"])


if __name__ == "__main__":
    VRAMEST, REQUESTS = sys.argv[1], sys.argv[2]
    unittest.main(argv=[sys.argv[0], "-v"])
