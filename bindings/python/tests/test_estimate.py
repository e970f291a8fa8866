"""Estimates through the binding: exact figures, result access, to_dict."""

import doctest
import json
import unittest

import vramest
from vramest import ConfigKey, DType, Kind, Mode, ModelKey, Part, Quant, ResultKey, Status, \
    ValueType, VramError, Warning

from support import LLAMA_31_8B_BF16_BYTES, LLAMA_31_8B_PARAMS, llama_31_8b

# KV cache of Llama-3.1-8B per token: 32 layers x 8 KV heads x 128 head dim
# (4096 / 32) x 2 (K and V) x 2 bytes (bf16) = 131,072 bytes; at 4096
# tokens 536,870,912 bytes.
KV_PER_TOKEN = 32 * 8 * 128 * 2 * 2
KV_4096 = 536870912


class TestLlama31_8B(unittest.TestCase):
    def setUp(self):
        self.m = llama_31_8b()
        self.c = vramest.Config(seq_len=4096, dtype="bfloat16")
        self.r = vramest.estimate_inference(self.m, self.c)

    def tearDown(self):
        for h in (self.m, self.c, self.r):
            h.close()

    def test_weights_and_kv_cache(self):
        self.assertEqual(KV_PER_TOKEN * 4096, KV_4096)
        self.assertEqual(self.r.bytes(Part.WEIGHTS), LLAMA_31_8B_BF16_BYTES)
        self.assertEqual(self.r.bytes("weights"), LLAMA_31_8B_BF16_BYTES)
        self.assertEqual(self.r.bytes(Part.KV_CACHE), KV_4096)
        self.assertEqual(self.r.bytes(3, device=0), KV_4096)  # VRAM_PART_KV_CACHE = 3
        self.assertEqual(self.r.bytes(Part.QUANT_METADATA), 0)
        self.assertEqual(self.r.get(ResultKey.PARAMS_TOTAL), LLAMA_31_8B_PARAMS)
        self.assertEqual(self.r.get("kv_bytes_per_token"), KV_PER_TOKEN)
        self.assertEqual(self.r.get(ResultKey.SEQ_LEN), 4096)
        self.assertEqual(self.r.get(ResultKey.DTYPE), DType.BF16)
        self.assertEqual(self.r.get(ResultKey.NUM_DEVICES), 1)
        self.assertEqual(self.r.get(ResultKey.MODE), Mode.INFERENCE)
        bits = self.r.get(ResultKey.WEIGHT_BITS)  # an f64 key
        self.assertIsInstance(bits, float)
        self.assertEqual(bits, 16.0)

    def test_parts_kinds_bands(self):
        total = sum(self.r.bytes(p) for p in Part if p != Part.TOTAL)
        self.assertEqual(total, self.r.bytes(Part.TOTAL))
        self.assertEqual(self.r.bytes(), self.r.bytes(Part.TOTAL))
        self.assertEqual(self.r.get(ResultKey.PEAK_DEVICE_BYTES), total)
        self.assertIs(self.r.kind("weights"), Kind.EXACT)
        self.assertIs(self.r.kind(Part.KV_CACHE), Kind.EXACT)
        self.assertIs(self.r.kind(Part.ACTIVATIONS), Kind.MODELLED)
        self.assertIs(self.r.kind(Part.CUDA_CONTEXT), Kind.EMPIRICAL)
        self.assertIs(self.r.kind(Part.GRADIENTS), Kind.NONE)  # no gradients at inference
        self.assertEqual(self.r.band(Part.WEIGHTS), (LLAMA_31_8B_BF16_BYTES,) * 2)
        lo, hi = self.r.band(Part.ACTIVATIONS)
        self.assertLessEqual(lo, self.r.bytes(Part.ACTIVATIONS))
        self.assertLessEqual(self.r.bytes(Part.ACTIVATIONS), hi)
        self.assertLess(lo, hi)  # modelled: a real band

    def test_bad_part_and_device(self):
        with self.assertRaises(VramError) as cm:
            self.r.bytes(17)  # one past VRAM_PART_WEIGHT_COPIES = 16
        self.assertEqual(cm.exception.code, Status.E_UNKNOWN_KEY)
        with self.assertRaises(VramError) as cm:
            self.r.bytes(Part.TOTAL, device=1)
        self.assertEqual(cm.exception.code, Status.E_RANGE)
        self.assertIn("device", cm.exception.message)
        with self.assertRaises(VramError) as cm:
            self.r.get(77)
        self.assertEqual(cm.exception.code, Status.E_UNKNOWN_KEY)

    def test_to_dict(self):
        d = self.r.to_dict()
        self.assertEqual(d, json.loads(self.r.to_json()))
        self.assertEqual(d["mode"], "inference")
        self.assertEqual(d["engine"], "transformers")
        self.assertEqual(d["params"]["total"], LLAMA_31_8B_PARAMS)
        self.assertEqual(len(d["devices"]), 1)
        dev = d["devices"][0]
        self.assertEqual(dev["index"], 0)
        self.assertEqual(dev["parts"]["weights"], LLAMA_31_8B_BF16_BYTES)
        self.assertEqual(dev["parts"]["kv_cache"], KV_4096)
        for p in Part:
            self.assertEqual(dev["parts"][p.name.lower()], self.r.bytes(p))
        self.assertEqual(dev["band"]["total"], list(self.r.band()))
        self.assertEqual(d["kinds"]["weights"], "exact")
        self.assertEqual(d["kinds"]["activations"], "modelled")
        self.assertNotIn("gradients", d["kinds"])
        self.assertEqual(d["peak_device_bytes"], self.r.get(ResultKey.PEAK_DEVICE_BYTES))
        self.assertEqual(d["kv_bytes_per_token"], KV_PER_TOKEN)
        # no GPU or memory given: no fit verdict, and a warning saying so
        self.assertNotIn("fit", d)
        self.assertEqual(self.r.get(ResultKey.WARNINGS), Warning.UNKNOWN_DEVICE)
        self.assertEqual(d["warnings"], [vramest.warning_text(Warning.UNKNOWN_DEVICE)])

    def test_result_is_reused(self):
        self.c.set(ConfigKey.SEQ_LEN, 8192)
        r = vramest.estimate_inference(self.m, self.c, self.r)
        self.assertIs(r, self.r)
        self.assertEqual(self.r.bytes(Part.KV_CACHE), 2 * KV_4096)
        # a failed estimate leaves no stale figures behind
        with vramest.Model() as empty:
            with self.assertRaises(VramError):
                vramest.estimate_inference(empty, self.c, self.r)
        with self.assertRaises(VramError) as cm:
            self.r.bytes(Part.KV_CACHE)
        self.assertEqual(cm.exception.code, Status.E_RANGE)


class TestModesAndLayouts(unittest.TestCase):
    def test_estimate_dispatch_equals_direct_calls(self):
        direct = {Mode.INFERENCE: vramest.estimate_inference, Mode.FULL_FT: vramest.estimate_full_ft,
                  Mode.LORA: vramest.estimate_lora, Mode.QLORA: vramest.estimate_qlora}
        with llama_31_8b() as m, vramest.Config(seq_len=2048) as c:
            for mode, fn in direct.items():
                with self.subTest(mode=mode.name):
                    with fn(m, c) as a, vramest.estimate(m, c, mode) as b, \
                            vramest.estimate(m, c, mode.name.lower()) as s, \
                            vramest.estimate(m, c, int(mode)) as i:
                        self.assertEqual(a.to_dict(), b.to_dict())
                        self.assertEqual(a.to_dict(), s.to_dict())
                        self.assertEqual(a.to_dict(), i.to_dict())
                        self.assertEqual(a.get(ResultKey.MODE), mode)
                        self.assertEqual(a.to_dict()["mode"], mode.name.lower())

    def test_training_has_gradients(self):
        with llama_31_8b() as m, vramest.Config(seq_len=2048) as c, \
                vramest.estimate_full_ft(m, c) as r:
            self.assertIs(r.kind(Part.GRADIENTS), Kind.EXACT)
            self.assertEqual(r.get(ResultKey.PARAMS_TRAINABLE), LLAMA_31_8B_PARAMS)

    def test_many_devices_grow_the_json_buffer(self):
        # 8 x 4 x 4 = 128 devices: a JSON text far over the first 16 KiB buffer
        with llama_31_8b() as m, \
                vramest.Config(tensor_parallel_size=8, pipeline_parallel_size=4,
                               data_parallel_size=4) as c, \
                vramest.estimate_inference(m, c) as r:
            text = r.to_json()
            self.assertGreater(len(text), 16384)
            d = json.loads(text)
            self.assertEqual(r.get(ResultKey.NUM_DEVICES), 128)
            self.assertEqual([dev["index"] for dev in d["devices"]], list(range(128)))
            for dev in d["devices"]:
                self.assertEqual(dev["parts"]["total"], r.bytes(Part.TOTAL, dev["index"]))
            # pipeline stages hold a quarter of the layers each: device 127 is
            # in the last stage, (127 // 8) % 4 = 3
            self.assertEqual(d["devices"][127]["stage"], 3)

    def test_fit_against_a_catalog_gpu(self):
        with llama_31_8b() as m, vramest.Config(seq_len=4096, gpu="H100-80GB") as c, \
                vramest.estimate_inference(m, c) as r:
            fit = r.to_dict()["fit"]
            self.assertEqual(fit["device_bytes"], vramest.gpu_find("H100-80GB")["usable_bytes"])
            self.assertIs(fit["fits"], True)
            self.assertEqual(r.get(ResultKey.FIT_FITS), 1)

    def test_warnings(self):
        # 200,000 tokens exceed max_position_embeddings 131072
        with llama_31_8b() as m, vramest.Config(seq_len=200000) as c, \
                vramest.estimate_inference(m, c) as r:
            w = Warning(r.get(ResultKey.WARNINGS))
            self.assertIn(Warning.SEQ_EXCEEDS_CONTEXT, w)
            self.assertTrue(r.to_dict()["warnings"])


class TestModelKeys(unittest.TestCase):
    def test_key_forms(self):
        with llama_31_8b() as m:
            for key in (ModelKey.HIDDEN_SIZE, 101, "hidden_size", "Hidden-Size"):
                self.assertEqual(m.get(key), 4096)
            self.assertIs(vramest.Model.key("num_kv_heads"), ModelKey.NUM_KV_HEADS)
            self.assertEqual(m.get("params_total"), LLAMA_31_8B_PARAMS)
            self.assertEqual(m.set("hidden_size", 4096), m)  # setters chain

    def test_enum_values_by_name(self):
        with llama_31_8b() as m:
            m.set("quant", "gptq").set("quant_bits", 4)
            self.assertEqual(m.get("quant"), Quant.GPTQ)
            m.set(ModelKey.WEIGHT_DTYPE, DType.F16)
            self.assertEqual(m.get("weight_dtype"), 2)  # VRAM_DTYPE_F16 = 2
            m.set("norm", "layernorm")
            self.assertEqual(m.get("norm"), vramest.Norm.LAYER)

    def test_layers(self):
        with llama_31_8b() as m:
            # a 4096-token window, every layer global by pattern (p = 1)
            m.set("sliding_window", 4096).set("sliding_pattern", 1)
            self.assertEqual(m.get_layer(0, "attention"), vramest.LayerAttention.FULL)
            m.set_layer(5, vramest.LayerKey.ATTENTION, vramest.LayerAttention.SLIDING)
            self.assertEqual(m.get_layer(5, "attention"), vramest.LayerAttention.SLIDING)
            self.assertEqual(m.get("num_sliding_layers"), 1)
            with self.assertRaises(VramError) as cm:
                m.get_layer(32, "mlp")  # layers are 0..31
            self.assertEqual(cm.exception.code, Status.E_RANGE)

    def test_name(self):
        with vramest.Model(name="tiny") as m:
            self.assertEqual(m.name, "tiny")
            m.name = "x" * 127
            self.assertEqual(m.name, "x" * 127)
            with self.assertRaises(VramError) as cm:
                m.name = "x" * 128  # at most 127 bytes (vramest.h)
            self.assertEqual(cm.exception.code, Status.E_LIMIT)

    def test_validate(self):
        with llama_31_8b() as m:
            m.validate()
            m.set("num_heads", 31)  # 31 heads cannot share 8 KV heads
            with self.assertRaises(VramError) as cm:
                m.validate()
            self.assertEqual(cm.exception.code, Status.E_INCONSISTENT)


class TestConfigKeys(unittest.TestCase):
    def test_keywords_and_defaults(self):
        with vramest.Config(seq_len=8192, gpu="H100-80GB", dtype="bfloat16") as c:
            self.assertEqual(c.get("seq_len"), 8192)
            self.assertEqual(c.get(ConfigKey.DTYPE), DType.BF16)
            # "gpu" holds the catalog index + 1
            self.assertEqual(c.get("gpu"), vramest.gpu_find("H100-80GB")["index"] + 1)
            self.assertTrue(c.is_set("seq_len"))
            self.assertFalse(c.is_set("batch_size"))
            c.unset("seq_len")
            self.assertFalse(c.is_set("seq_len"))
            self.assertEqual(c.get("seq_len"), 4096)  # the documented default

    def test_float_keys(self):
        with vramest.Config() as c:
            self.assertEqual(c.get("gpu_memory_utilization"), 0.9)  # vLLM's default
            c.set("gpu_memory_utilization", 1)
            self.assertEqual(c.get("gpu_memory_utilization"), 1.0)
            c.set(ConfigKey.GPU_MEMORY_UTILIZATION, "0.5")
            self.assertEqual(c.get("gpu_memory_utilization"), 0.5)
            with self.assertRaises(VramError) as cm:
                c.set("gpu_memory_utilization", float("nan"))
            self.assertEqual(cm.exception.code, Status.E_RANGE)
            self.assertEqual(vramest.Config.key_bounds("gpu_memory_utilization"),
                             (ValueType.F64, 0.0, 1.0))
            self.assertEqual(vramest.Config.key_bounds("seq_len"), (ValueType.U64, 1.0, 2.0 ** 32))

    def test_integer_keys_from_floats_and_text(self):
        with vramest.Config() as c:
            c.set("gpu_memory_bytes", 80e9)  # an integral float is an int
            self.assertEqual(c.get("gpu_memory_bytes"), 80000000000)
            c.set("lora_targets", "q_proj,k_proj")
            # VRAM_MODULE_BIT(Q_PROJ = 0) | VRAM_MODULE_BIT(K_PROJ = 1)
            self.assertEqual(c.get("lora_targets"), 0b11)
            c.set(102, "1024")
            self.assertEqual(c.get(ConfigKey.SEQ_LEN), 1024)


class TestDocExample(unittest.TestCase):
    def test_module_docstring_runs(self):
        # the example at the top of vramest/__init__.py
        failed, attempted = doctest.testmod(vramest)
        self.assertEqual(failed, 0)
        self.assertGreaterEqual(attempted, 2)


if __name__ == "__main__":
    unittest.main()
