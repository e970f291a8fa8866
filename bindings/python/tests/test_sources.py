"""Model sources: GGUF (here a file written by the test), presets, Hugging
Face config.json, safetensors headers and parameter counts.

Every source is exported by the library built beside the binding, so none
of these tests skips; TestMissingFunctions covers an older library.
"""

import ctypes
import ctypes.util
import json
import os
import struct
import tempfile
import unittest

import vramest
from vramest import _native
from vramest import DType, Part, Quant, Status, VramError, Warning

from support import LLAMA_31_8B_BF16_BYTES, LLAMA_31_8B_PARAMS

# ----------------------------------------------------------------- GGUF file
# GGUF v3 (ggml docs/gguf.md): "GGUF", u32 version, u64 tensor count, u64 KV
# count, the KVs (string key, u32 type, value), the tensor infos (string
# name, u32 n_dims, u64 ne[n_dims], u32 ggml type, u64 offset), data aligned
# to 32 bytes.
_GT_U32, _GT_F32, _GT_STR, _GT_ARR = 4, 6, 8, 9
_F32, _F16 = 0, 1  # ggml_type


def _s(text):
    b = text.encode()
    return struct.pack("<Q", len(b)) + b


def tiny_gguf():
    """A one-layer llama in F16 with F32 norms: h = 64, 2 heads of 32, 1 KV
    head, MLP 128, vocabulary 100. Bytes: token_embd and output {64,100} F16
    12,800 each; three norms {64} F32 256 each; attn_q and attn_output
    {64,64} 8,192 each; attn_k and attn_v {64,32} 4,096 each; ffn_gate,
    ffn_up {64,128} and ffn_down {128,64} 16,384 each: 100,096 in all.
    Parameters: 2 x 6,400 + 64 + (64 + 4,096 + 2,048 + 2,048 + 4,096 + 64 +
    3 x 8,192) = 49,856."""
    kv = [("general.architecture", _GT_STR, _s("llama")),
          ("general.name", _GT_STR, _s("tiny-f16")),
          ("llama.block_count", _GT_U32, struct.pack("<I", 1)),
          ("llama.context_length", _GT_U32, struct.pack("<I", 512)),
          ("llama.embedding_length", _GT_U32, struct.pack("<I", 64)),
          ("llama.feed_forward_length", _GT_U32, struct.pack("<I", 128)),
          ("llama.attention.head_count", _GT_U32, struct.pack("<I", 2)),
          ("llama.attention.head_count_kv", _GT_U32, struct.pack("<I", 1)),
          ("llama.rope.freq_base", _GT_F32, struct.pack("<f", 10000.0)),
          ("llama.attention.layer_norm_rms_epsilon", _GT_F32, struct.pack("<f", 1e-5)),
          ("general.file_type", _GT_U32, struct.pack("<I", 1)),  # MOSTLY_F16
          ("tokenizer.ggml.tokens", _GT_ARR,
           struct.pack("<IQ", _GT_STR, 100) + b"".join(_s(f"t{i}") for i in range(100)))]
    tensors = [("token_embd.weight", (64, 100), _F16), ("output_norm.weight", (64,), _F32),
               ("output.weight", (64, 100), _F16), ("blk.0.attn_norm.weight", (64,), _F32),
               ("blk.0.attn_q.weight", (64, 64), _F16), ("blk.0.attn_k.weight", (64, 32), _F16),
               ("blk.0.attn_v.weight", (64, 32), _F16),
               ("blk.0.attn_output.weight", (64, 64), _F16),
               ("blk.0.ffn_norm.weight", (64,), _F32), ("blk.0.ffn_gate.weight", (64, 128), _F16),
               ("blk.0.ffn_up.weight", (64, 128), _F16),
               ("blk.0.ffn_down.weight", (128, 64), _F16)]
    out = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(kv))
    for key, t, value in kv:
        out += _s(key) + struct.pack("<I", t) + value
    offset = 0
    for name, shape, t in tensors:
        out += _s(name) + struct.pack("<I", len(shape)) + struct.pack(f"<{len(shape)}Q", *shape)
        out += struct.pack("<IQ", t, offset)
        n = 1
        for d in shape:
            n *= d
        offset += (n * (4 if t == _F32 else 2) + 31) // 32 * 32
    out += b"\0" * (-len(out) % 32)
    return out + b"\0" * offset


TINY_BYTES = 100096
TINY_PARAMS = 49856


class TestGguf(unittest.TestCase):
    def check_tiny(self, m):
        self.assertEqual(m.name, "tiny-f16")
        self.assertEqual(m.get("num_layers"), 1)
        self.assertEqual(m.get("hidden_size"), 64)
        self.assertEqual(m.get("num_heads"), 2)
        self.assertEqual(m.get("num_kv_heads"), 1)
        self.assertEqual(m.get("intermediate_size"), 128)
        self.assertEqual(m.get("vocab_size"), 100)
        self.assertEqual(m.get("quant"), Quant.NONE)  # F16 and F32 only: no ggml blocks
        self.assertEqual(m.get("weight_dtype"), DType.F16)
        self.assertEqual(m.get("file_weight_bytes"), TINY_BYTES)
        self.assertEqual(m.get("params_total"), TINY_PARAMS)

    def test_buffer_and_file(self):
        data = tiny_gguf()
        with vramest.Model.from_gguf_buffer(data) as m:
            self.check_tiny(m)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "tiny.gguf")
            with open(path, "wb") as f:
                f.write(data)
            with vramest.Model.from_gguf_file(path) as m:
                self.check_tiny(m)
                with vramest.Config(engine="llama.cpp", seq_len=4096) as c, \
                        vramest.estimate_inference(m, c) as r:
                    # llama.cpp keeps the file's tensors as they are, and the
                    # input layer (token_embd, 12,800 bytes) on the CPU
                    gpu_model = TINY_BYTES - 12800
                    self.assertEqual(r.bytes(Part.WEIGHTS) + r.bytes(Part.QUANT_METADATA),
                                     gpu_model)
                    self.assertEqual(r.get("llama_model_buffer_bytes"), gpu_model)
                    # 4096 cells x 1 layer x (32 K + 32 V values) x 2 bytes
                    # (f16, llama.cpp's default cache type) = 524,288
                    self.assertEqual(r.get("llama_kv_buffer_bytes"), 524288)
                    self.assertEqual(r.to_dict()["llama_cpp"]["n_ctx"], 4096)

    def test_errors(self):
        data = tiny_gguf()
        with self.assertRaises(VramError) as cm:
            vramest.Model.from_gguf_buffer(data[:100])  # cut inside the metadata
        self.assertEqual(cm.exception.code, Status.E_PARSE)
        with self.assertRaises(VramError) as cm:
            vramest.Model.from_gguf_buffer(b"GGUX" + data[4:])
        self.assertEqual(cm.exception.code, Status.E_PARSE)
        with tempfile.TemporaryDirectory() as d:
            with self.assertRaises(VramError) as cm:
                vramest.Model.from_gguf_file(os.path.join(d, "absent.gguf"))
            self.assertEqual(cm.exception.code, Status.E_IO)


# --------------------------------------------------- sources of other branches

# meta-llama/Llama-3.1-8B config.json (the fields that shape memory)
LLAMA_31_8B_CONFIG = {
    "architectures": ["LlamaForCausalLM"], "model_type": "llama",
    "hidden_size": 4096, "intermediate_size": 14336, "num_attention_heads": 32,
    "num_hidden_layers": 32, "num_key_value_heads": 8, "vocab_size": 128256,
    "max_position_embeddings": 131072, "tie_word_embeddings": False,
    "torch_dtype": "bfloat16", "hidden_act": "silu", "rms_norm_eps": 1e-05,
    "attention_bias": False, "mlp_bias": False, "rope_theta": 500000.0,
}


class TestOtherSources(unittest.TestCase):
    def test_hf_config_forms(self):
        text = json.dumps(LLAMA_31_8B_CONFIG)
        for source in (LLAMA_31_8B_CONFIG, text, text.encode()):
            with vramest.Model.from_hf_config(source) as m, \
                    vramest.Config(seq_len=4096) as c, vramest.estimate_inference(m, c) as r:
                self.assertEqual(m.get("params_total"), LLAMA_31_8B_PARAMS)
                self.assertEqual(r.bytes(Part.WEIGHTS), LLAMA_31_8B_BF16_BYTES)
        with self.assertRaises(VramError) as cm:
            vramest.Model.from_hf_config('{"hidden_size": 4096,')
        self.assertEqual(cm.exception.code, Status.E_PARSE)

    def test_hf_config_file(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "config.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(LLAMA_31_8B_CONFIG, f)
            with vramest.Model.from_hf_config_file(path) as m:
                self.assertEqual(m.get("params_total"), LLAMA_31_8B_PARAMS)
            with self.assertRaises(VramError) as cm:
                vramest.Model.from_hf_config_file(os.path.join(d, "absent.json"))
            self.assertEqual(cm.exception.code, Status.E_IO)

    def test_preset(self):
        with vramest.Model.from_preset("meta-llama/Llama-3.1-8B") as m:
            self.assertEqual(m.get("params_total"), LLAMA_31_8B_PARAMS)
        with self.assertRaises(VramError) as cm:
            vramest.Model.from_preset("no-such-model-anywhere")
        self.assertEqual(cm.exception.code, Status.E_NOT_FOUND)

    def test_presets_round_trip(self):
        listed = vramest.presets()
        self.assertTrue(listed)
        self.assertIn("meta-llama/Llama-3.1-8B", [pid for pid, _ in listed])
        for pid, aliases in listed:
            with self.subTest(preset=pid), vramest.Model.from_preset(pid) as m:
                params = m.get("params_total")
                for alias in aliases:
                    with vramest.Model.from_preset(alias) as a:
                        self.assertEqual(a.get("params_total"), params)

    def test_param_count(self):
        # the total is kept exactly (VRAM_MODEL_PARAMS_OVERRIDE)
        with vramest.Model.from_param_count(7e9) as m, vramest.Config() as c, \
                vramest.estimate_inference(m, c) as r:
            self.assertEqual(m.get("params_total"), 7000000000)
            self.assertIn(Warning.ARCH_ESTIMATED, Warning(r.get("warnings")))
        with self.assertRaises(VramError) as cm:
            vramest.Model.from_param_count(float("nan"))
        self.assertEqual(cm.exception.code, Status.E_RANGE)

    def test_safetensors_header(self):
        # A one-layer Llama-style checkpoint in bf16 (h = 64, 2 heads of 32,
        # 1 KV head, MLP 128, vocabulary 100): the header's shapes give
        # 49,856 elements (see tiny_gguf for the count), 99,712 bytes.
        h, i, v, kv = 64, 128, 100, 32
        shapes = {"model.embed_tokens.weight": [v, h], "lm_head.weight": [v, h],
                  "model.norm.weight": [h],
                  "model.layers.0.input_layernorm.weight": [h],
                  "model.layers.0.post_attention_layernorm.weight": [h],
                  "model.layers.0.self_attn.q_proj.weight": [h, h],
                  "model.layers.0.self_attn.k_proj.weight": [kv, h],
                  "model.layers.0.self_attn.v_proj.weight": [kv, h],
                  "model.layers.0.self_attn.o_proj.weight": [h, h],
                  "model.layers.0.mlp.gate_proj.weight": [i, h],
                  "model.layers.0.mlp.up_proj.weight": [i, h],
                  "model.layers.0.mlp.down_proj.weight": [h, i]}
        header, offset = {}, 0
        for name, shape in shapes.items():
            n = 2
            for d in shape:
                n *= d
            header[name] = {"dtype": "BF16", "shape": shape, "data_offsets": [offset, offset + n]}
            offset += n
        self.assertEqual(offset, 2 * TINY_PARAMS)
        blob = json.dumps(header).encode()
        data = struct.pack("<Q", len(blob)) + blob
        # the heads are not in the tensors: its config.json goes beside it
        config = {"model_type": "llama", "architectures": ["LlamaForCausalLM"],
                  "hidden_size": h, "intermediate_size": i, "num_attention_heads": 2,
                  "num_key_value_heads": 1, "num_hidden_layers": 1, "vocab_size": v,
                  "max_position_embeddings": 512, "tie_word_embeddings": False,
                  "torch_dtype": "bfloat16"}
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "model.safetensors")
            with open(path, "wb") as f:
                f.write(data + b"\0" * offset)
            with open(os.path.join(d, "config.json"), "w", encoding="utf-8") as f:
                json.dump(config, f)
            with vramest.Model.from_safetensors_file(path) as m:
                self.assertEqual(m.get("file_weight_bytes"), 2 * TINY_PARAMS)
                self.assertEqual(m.get("params_total"), TINY_PARAMS)
                self.assertEqual(m.get("num_layers"), 1)
                self.assertEqual(m.get("num_heads"), 2)
                self.assertEqual(m.get("num_kv_heads"), 1)

    def test_safetensors_buffer(self):
        header = {"model.embed_tokens.weight": {"dtype": "BF16", "shape": [100, 64],
                                                "data_offsets": [0, 12800]}}
        blob = json.dumps(header).encode()
        data = struct.pack("<Q", len(blob)) + blob
        # a buffer has no config.json beside it, and these tensors give no
        # decoder layers: the architecture is incomplete
        with self.assertRaises(VramError) as cm:
            vramest.Model.from_safetensors_buffer(data)
        self.assertEqual(cm.exception.code, Status.E_INCOMPLETE)
        with self.assertRaises(VramError) as cm:
            vramest.Model.from_safetensors_buffer(data[:20])  # header cut short
        self.assertEqual(cm.exception.code, Status.E_PARSE)


class TestMissingFunctions(unittest.TestCase):
    """A function the loaded library lacks raises MissingFunctionError."""

    def test_library_without_the_symbols(self):
        # the C library exports none of vramest.h's functions
        libc = ctypes.util.find_library("c")
        other = _native._Library(ctypes.CDLL(libc), libc)
        self.assertEqual(other.missing, {row[0] for row in _native.FUNCTIONS})
        with self.assertRaises(vramest.MissingFunctionError) as cm:
            other.vram_api_call(b"{}", 2, None, 0, None)
        self.assertEqual(cm.exception.function, "vram_api_call")
        self.assertEqual(cm.exception.library, libc)
        self.assertIn("vram_api_call", str(cm.exception))
        # the Python API passes it on unchanged
        lib = _native.lib
        calls = {
            "vram_model_from_preset": lambda: vramest.Model.from_preset("x"),
            "vram_model_from_hf_config": lambda: vramest.Model.from_hf_config("{}"),
            "vram_model_from_param_count": lambda: vramest.Model.from_param_count(7e9),
            "vram_preset_count": vramest.presets,
            "vram_api_call": lambda: vramest.api_call("{}"),
        }
        for name, call in calls.items():
            real = getattr(lib, name)
            setattr(lib, name, getattr(other, name))
            try:
                with self.subTest(function=name), \
                        self.assertRaises(vramest.MissingFunctionError) as cm:
                    call()
                self.assertEqual(cm.exception.function, name)
            finally:
                setattr(lib, name, real)


if __name__ == "__main__":
    unittest.main()
