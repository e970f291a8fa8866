#!/usr/bin/env python3
"""Write the binary seed corpora of the GGUF and safetensors fuzzers.

    python3 tests/fuzz/make_seeds.py [OUTPUT_DIR]

OUTPUT_DIR defaults to tests/fuzz/corpus beside this script; the files go to
OUTPUT_DIR/gguf/ and OUTPUT_DIR/safetensors/. The output is committed; run
this again only to change the seeds, and commit what it writes.

Every seed is a tiny valid header (the tensor data is left out, as
vram_model_from_gguf_buffer and vram_model_from_safetensors_buffer accept
"the first bytes of a file"), built the way tests/test_gguf.c and
tests/test_safetensors.c build theirs:

GGUF (ggml-org/llama.cpp ggml/src/gguf.cpp, little-endian): "GGUF", u32
version, u64 tensor count, u64 KV count, the KV pairs (u64-length string key,
u32 value type, value), the tensor infos (name, u32 n_dims, u64 ne[n_dims],
u32 ggml type, u64 offset), padding to general.alignment, then data.

safetensors (huggingface/safetensors): u64 little-endian header length, the
JSON header {name: {dtype, shape, data_offsets}, "__metadata__": {...}},
padded with spaces to a multiple of 8, then the data section.

Python 3 standard library only. The output is deterministic.
"""

import json
import os
import struct
import sys

# gguf-py GGUFValueType
U8, I8, U16, I16, U32, I32, F32, BOOL, STR, ARR, U64, I64, F64 = range(13)
# ggml types and their (values per block, bytes per block), ggml-common.h
GGML = {"F32": (0, 1, 4), "F16": (1, 1, 2), "Q4_0": (2, 32, 18), "Q8_0": (8, 32, 34),
        "Q4_K": (12, 256, 144), "Q6_K": (14, 256, 210), "BF16": (30, 1, 2),
        "MXFP4": (39, 32, 17)}


class Gguf:
    """A GGUF header writer: KV pairs, then tensors laid out in order."""

    def __init__(self, version=3, align=32):
        self.version, self.align = version, align
        self.kv, self.ti = bytearray(), bytearray()
        self.n_kv = self.n_t = self.data = 0
        if align != 32:
            self.u32("general.alignment", align)

    @staticmethod
    def _str(s):
        b = s.encode()
        return struct.pack("<Q", len(b)) + b

    def _key(self, key, vtype):
        self.kv += self._str(key) + struct.pack("<I", vtype)
        self.n_kv += 1

    def str(self, key, value):
        self._key(key, STR)
        self.kv += self._str(value)

    def u32(self, key, value):
        self._key(key, U32)
        self.kv += struct.pack("<I", value)

    def f32(self, key, value):
        self._key(key, F32)
        self.kv += struct.pack("<f", value)

    def boolean(self, key, value):
        self._key(key, BOOL)
        self.kv += struct.pack("<B", 1 if value else 0)

    def arr_u32(self, key, values):
        self._key(key, ARR)
        self.kv += struct.pack("<IQ", U32, len(values))
        self.kv += b"".join(struct.pack("<I", v) for v in values)

    def arr_bool(self, key, values):
        self._key(key, ARR)
        self.kv += struct.pack("<IQ", BOOL, len(values))
        self.kv += bytes(1 if v else 0 for v in values)

    def arr_str(self, key, values):
        self._key(key, ARR)
        self.kv += struct.pack("<IQ", STR, len(values))
        self.kv += b"".join(self._str(v) for v in values)

    def tensor(self, name, dims, gtype):
        code, block, block_bytes = GGML[gtype]
        n = 1
        for d in dims:
            n *= d
        self.ti += self._str(name) + struct.pack("<I", len(dims))
        self.ti += b"".join(struct.pack("<Q", d) for d in dims)
        self.ti += struct.pack("<IQ", code, self.data)
        self.n_t += 1
        size = n // block * block_bytes
        self.data += (size + self.align - 1) // self.align * self.align

    def header(self):
        return (b"GGUF" + struct.pack("<IQQ", self.version, self.n_t, self.n_kv) +
                bytes(self.kv) + bytes(self.ti))


def llama_layers(g, n_layers, h, kv_w, inter, types=("Q4_K", "Q6_K")):
    q, d = types
    for i in range(n_layers):
        g.tensor(f"blk.{i}.attn_norm.weight", [h], "F32")
        g.tensor(f"blk.{i}.attn_q.weight", [h, h], q)
        g.tensor(f"blk.{i}.attn_k.weight", [h, kv_w], q)
        g.tensor(f"blk.{i}.attn_v.weight", [h, kv_w], d)
        g.tensor(f"blk.{i}.attn_output.weight", [h, h], q)
        g.tensor(f"blk.{i}.ffn_norm.weight", [h], "F32")
        g.tensor(f"blk.{i}.ffn_gate.weight", [h, inter], q)
        g.tensor(f"blk.{i}.ffn_up.weight", [h, inter], q)
        g.tensor(f"blk.{i}.ffn_down.weight", [inter, h], d)


def gguf_seeds():
    seeds = {}

    # the two-layer llama of tests/test_gguf.c, header only
    g = Gguf()
    g.str("general.architecture", "llama")
    g.str("general.name", "tiny-llama")
    g.u32("llama.block_count", 2)
    g.u32("llama.context_length", 2048)
    g.u32("llama.embedding_length", 256)
    g.u32("llama.feed_forward_length", 512)
    g.u32("llama.attention.head_count", 4)
    g.u32("llama.attention.head_count_kv", 2)
    g.f32("llama.rope.freq_base", 10000.0)
    g.u32("llama.rope.dimension_count", 64)
    g.u32("general.file_type", 15)
    g.tensor("token_embd.weight", [256, 300], "Q4_K")
    g.tensor("output_norm.weight", [256], "F32")
    g.tensor("output.weight", [256, 300], "Q6_K")
    llama_layers(g, 2, 256, 128, 512)
    seeds["llama-q4_k_m.gguf"] = g.header()

    # GGUF v2, 64-byte alignment, per-layer head_count_kv, tied output, the
    # vocabulary from the token list, an F16 file
    g = Gguf(version=2, align=64)
    g.str("general.architecture", "qwen2")
    g.u32("qwen2.block_count", 2)
    g.u32("qwen2.embedding_length", 64)
    g.u32("qwen2.feed_forward_length", 128)
    g.u32("qwen2.attention.head_count", 4)
    g.arr_u32("qwen2.attention.head_count_kv", [2, 2])
    g.u32("general.file_type", 1)
    g.arr_str("tokenizer.ggml.tokens", [f"t{i}" for i in range(40)])
    g.tensor("token_embd.weight", [64, 40], "F16")
    g.tensor("output_norm.weight", [64], "F32")
    for i in range(2):
        g.tensor(f"blk.{i}.attn_norm.weight", [64], "F32")
        g.tensor(f"blk.{i}.attn_q.weight", [64, 64], "F16")
        g.tensor(f"blk.{i}.attn_q.bias", [64], "F32")
        g.tensor(f"blk.{i}.attn_k.weight", [64, 32], "F16")
        g.tensor(f"blk.{i}.attn_k.bias", [32], "F32")
        g.tensor(f"blk.{i}.attn_v.weight", [64, 32], "F16")
        g.tensor(f"blk.{i}.attn_v.bias", [32], "F32")
        g.tensor(f"blk.{i}.attn_output.weight", [64, 64], "F16")
        g.tensor(f"blk.{i}.ffn_norm.weight", [64], "F32")
        g.tensor(f"blk.{i}.ffn_gate.weight", [64, 128], "F16")
        g.tensor(f"blk.{i}.ffn_up.weight", [64, 128], "F16")
        g.tensor(f"blk.{i}.ffn_down.weight", [128, 64], "F16")
    seeds["qwen2-f16-v2-align64.gguf"] = g.header()

    # gemma2: sliding window with llama.cpp's period 2, q/k norms, 4 norms per layer
    g = Gguf()
    g.str("general.architecture", "gemma2")
    g.u32("gemma2.block_count", 4)
    g.u32("gemma2.embedding_length", 64)
    g.u32("gemma2.feed_forward_length", 128)
    g.u32("gemma2.attention.head_count", 4)
    g.u32("gemma2.attention.head_count_kv", 2)
    g.u32("gemma2.attention.key_length", 32)
    g.u32("gemma2.attention.value_length", 32)
    g.u32("gemma2.attention.sliding_window", 512)
    g.u32("gemma2.context_length", 8192)
    g.u32("gemma2.vocab_size", 50)
    for i in range(4):
        for n in ("attn_norm", "post_attention_norm", "ffn_norm", "post_ffw_norm"):
            g.tensor(f"blk.{i}.{n}.weight", [64], "F32")
        g.tensor(f"blk.{i}.attn_q.weight", [64, 128], "Q8_0")
        g.tensor(f"blk.{i}.attn_k.weight", [64, 64], "Q8_0")
        g.tensor(f"blk.{i}.attn_v.weight", [64, 64], "Q8_0")
        g.tensor(f"blk.{i}.attn_output.weight", [128, 64], "Q8_0")
        g.tensor(f"blk.{i}.ffn_gate.weight", [64, 128], "Q8_0")
        g.tensor(f"blk.{i}.ffn_up.weight", [64, 128], "Q8_0")
        g.tensor(f"blk.{i}.ffn_down.weight", [128, 64], "Q8_0")
    g.tensor("token_embd.weight", [64, 50], "Q8_0")
    g.tensor("output_norm.weight", [64], "F32")
    seeds["gemma2-swa-q8_0.gguf"] = g.header()

    # gpt-oss: MoE with routers, an explicit sliding pattern as bools, MXFP4 experts
    g = Gguf()
    g.str("general.architecture", "gpt-oss")
    g.u32("gpt-oss.block_count", 2)
    g.u32("gpt-oss.embedding_length", 64)
    g.u32("gpt-oss.feed_forward_length", 64)
    g.u32("gpt-oss.attention.head_count", 4)
    g.u32("gpt-oss.attention.head_count_kv", 2)
    g.u32("gpt-oss.attention.key_length", 16)
    g.u32("gpt-oss.attention.value_length", 16)
    g.u32("gpt-oss.attention.sliding_window", 128)
    g.arr_bool("gpt-oss.attention.sliding_window_pattern", [True, False])
    g.u32("gpt-oss.expert_count", 4)
    g.u32("gpt-oss.expert_used_count", 2)
    g.u32("gpt-oss.expert_feed_forward_length", 64)
    g.tensor("token_embd.weight", [64, 32], "F16")
    g.tensor("output.weight", [64, 32], "F16")
    g.tensor("output_norm.weight", [64], "F32")
    for i in range(2):
        g.tensor(f"blk.{i}.attn_norm.weight", [64], "F32")
        g.tensor(f"blk.{i}.post_attention_norm.weight", [64], "F32")
        g.tensor(f"blk.{i}.attn_q.weight", [64, 64], "F16")
        g.tensor(f"blk.{i}.attn_k.weight", [64, 32], "F16")
        g.tensor(f"blk.{i}.attn_v.weight", [64, 32], "F16")
        g.tensor(f"blk.{i}.attn_output.weight", [64, 64], "F16")
        g.tensor(f"blk.{i}.ffn_gate_inp.weight", [64, 4], "F32")
        g.tensor(f"blk.{i}.ffn_gate_inp.bias", [4], "F32")
        g.tensor(f"blk.{i}.ffn_gate_exps.weight", [64, 64, 4], "MXFP4")
        g.tensor(f"blk.{i}.ffn_up_exps.weight", [64, 64, 4], "MXFP4")
        g.tensor(f"blk.{i}.ffn_down_exps.weight", [64, 64, 4], "MXFP4")
    seeds["gpt-oss-moe-swa.gguf"] = g.header()

    # deepseek2: MLA, leading dense layer, shared experts, score bias
    g = Gguf()
    g.str("general.architecture", "deepseek2")
    g.u32("deepseek2.block_count", 2)
    g.u32("deepseek2.embedding_length", 64)
    g.u32("deepseek2.feed_forward_length", 128)
    g.u32("deepseek2.attention.head_count", 4)
    g.u32("deepseek2.attention.head_count_kv", 4)
    g.u32("deepseek2.attention.kv_lora_rank", 32)
    g.u32("deepseek2.attention.q_lora_rank", 48)
    g.u32("deepseek2.rope.dimension_count", 8)
    g.u32("deepseek2.attention.key_length", 24)
    g.u32("deepseek2.attention.value_length", 16)
    g.u32("deepseek2.expert_count", 8)
    g.u32("deepseek2.expert_used_count", 2)
    g.u32("deepseek2.expert_shared_count", 1)
    g.u32("deepseek2.expert_feed_forward_length", 32)
    g.u32("deepseek2.leading_dense_block_count", 1)
    g.u32("deepseek2.vocab_size", 64)
    g.tensor("token_embd.weight", [64, 64], "BF16")
    g.tensor("output.weight", [64, 64], "BF16")
    g.tensor("output_norm.weight", [64], "F32")
    g.tensor("blk.1.ffn_gate_inp.weight", [64, 8], "F32")
    g.tensor("blk.1.exp_probs_b.bias", [8], "F32")
    g.tensor("blk.1.ffn_up_shexp.weight", [64, 32], "BF16")
    g.tensor("blk.1.ffn_up_exps.weight", [64, 32, 8], "BF16")
    seeds["deepseek2-mla-moe.gguf"] = g.header()

    # gptneox: parallel residual, layer norm with biases, fused qkv, plain MLP;
    # gpt2: learned positions
    for arch, extra in (("gptneox", True), ("gpt2", False)):
        g = Gguf()
        g.str("general.architecture", arch)
        g.u32(f"{arch}.block_count", 1)
        g.u32(f"{arch}.embedding_length", 64)
        g.u32(f"{arch}.feed_forward_length", 256)
        g.u32(f"{arch}.attention.head_count", 4)
        g.u32(f"{arch}.context_length", 1024)
        if extra:
            g.boolean(f"{arch}.use_parallel_residual", True)
        g.tensor("token_embd.weight", [64, 50], "F16")
        if not extra:
            g.tensor("position_embd.weight", [64, 1024], "F32")
        g.tensor("output_norm.weight", [64], "F32")
        g.tensor("output_norm.bias", [64], "F32")
        g.tensor("blk.0.attn_norm.weight", [64], "F32")
        g.tensor("blk.0.attn_norm.bias", [64], "F32")
        g.tensor("blk.0.attn_qkv.weight", [64, 192], "F16")
        g.tensor("blk.0.attn_qkv.bias", [192], "F32")
        g.tensor("blk.0.attn_output.weight", [64, 64], "F16")
        g.tensor("blk.0.attn_output.bias", [64], "F32")
        g.tensor("blk.0.ffn_norm.weight", [64], "F32")
        g.tensor("blk.0.ffn_up.weight", [64, 256], "F16")
        g.tensor("blk.0.ffn_up.bias", [256], "F32")
        g.tensor("blk.0.ffn_down.weight", [256, 64], "F16")
        g.tensor("blk.0.ffn_down.bias", [64], "F32")
        seeds[f"{arch}-fused-qkv.gguf"] = g.header()

    # metadata only: an unknown architecture read generically, no tensors
    g = Gguf()
    g.str("general.architecture", "mystery")
    g.u32("mystery.block_count", 3)
    g.u32("mystery.embedding_length", 96)
    g.u32("mystery.feed_forward_length", 192)
    g.u32("mystery.attention.head_count", 3)
    g.u32("mystery.vocab_size", 1000)
    seeds["unknown-arch-no-tensors.gguf"] = g.header()
    return seeds


def safetensors(tensors, data=False, metadata=None):
    """tensors: (name, dtype, shape) in data order."""
    bits = {"F32": 32, "F16": 16, "BF16": 16, "I32": 32, "U8": 8, "I64": 64, "F64": 64}
    header = {"__metadata__": metadata or {"format": "pt"}}
    at = 0
    for name, dtype, shape in tensors:
        n = 1
        for d in shape:
            n *= d
        size = n * bits[dtype] // 8
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [at, at + size]}
        at += size
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + (bytes(at) if data else b"")


def qwen3(layers, h=32, heads=4, kv=2, d=8, inter=64, vocab=40, head=True, dtype="BF16"):
    t = [("model.embed_tokens.weight", dtype, [vocab, h])]
    for i in range(layers):
        p = f"model.layers.{i}."
        t += [(p + "input_layernorm.weight", dtype, [h]),
              (p + "post_attention_layernorm.weight", dtype, [h]),
              (p + "self_attn.q_proj.weight", dtype, [heads * d, h]),
              (p + "self_attn.k_proj.weight", dtype, [kv * d, h]),
              (p + "self_attn.v_proj.weight", dtype, [kv * d, h]),
              (p + "self_attn.o_proj.weight", dtype, [h, heads * d]),
              (p + "self_attn.q_norm.weight", dtype, [d]),
              (p + "self_attn.k_norm.weight", dtype, [d]),
              (p + "mlp.gate_proj.weight", dtype, [inter, h]),
              (p + "mlp.up_proj.weight", dtype, [inter, h]),
              (p + "mlp.down_proj.weight", dtype, [h, inter])]
    t.append(("model.norm.weight", dtype, [h]))
    if head:
        t.append(("lm_head.weight", dtype, [vocab, h]))
    return t


def safetensors_seeds():
    seeds = {}
    seeds["qwen3-header.safetensors"] = safetensors(qwen3(2))
    seeds["qwen3-tied-with-data.safetensors"] = safetensors(
        qwen3(1, h=8, heads=2, kv=1, d=4, inter=16, vocab=10, head=False), data=True)

    # head_dim from rotary inv_freq (older Llama checkpoints), F32
    t = qwen3(2, dtype="F16")
    t = [x for x in t if "_norm.weight" not in x[0] or "layernorm" in x[0]]
    t += [(f"model.layers.{i}.self_attn.rotary_emb.inv_freq", "F32", [4]) for i in range(2)]
    seeds["llama-inv-freq.safetensors"] = safetensors(t)

    # attention sinks (gpt-oss style) give the heads; biases on q and o
    t = [x for x in qwen3(1) if "_norm.weight" not in x[0] or "layernorm" in x[0]]
    t += [("model.layers.0.self_attn.sinks", "F32", [4]),
          ("model.layers.0.self_attn.q_proj.bias", "BF16", [32]),
          ("model.layers.0.self_attn.o_proj.bias", "BF16", [32])]
    seeds["sinks-biases.safetensors"] = safetensors(t)

    # GPTQ packed weights beside scales, qzeros and g_idx
    t = [x for x in qwen3(1) if not x[0].endswith("mlp.down_proj.weight")]
    p = "model.layers.0.mlp.down_proj."
    t += [(p + "qweight", "I32", [8, 32]), (p + "scales", "F16", [1, 32]),
          (p + "qzeros", "I32", [1, 4]), (p + "g_idx", "I32", [64])]
    seeds["gptq-packed.safetensors"] = safetensors(t, metadata={"format": "pt", "quant": "gptq"})

    # bitsandbytes 4-bit: uint8 storage beside absmax and quant_state
    t = [x for x in qwen3(1) if not x[0].endswith("mlp.up_proj.weight")]
    p = "model.layers.0.mlp.up_proj.weight"
    t += [(p, "U8", [1024, 1]), (p + ".absmax", "F32", [32]), (p + ".quant_map", "F32", [16]),
          (p + ".quant_state.bitsandbytes__nf4", "U8", [64])]
    seeds["bnb-nf4.safetensors"] = safetensors(t)

    # a mixture of experts: needs config.json (VRAM_E_INCOMPLETE), still parsed
    t = qwen3(1) + [("model.layers.0.mlp.gate.weight", "BF16", [4, 32])]
    seeds["moe-needs-config.safetensors"] = safetensors(t)
    return seeds


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "corpus")
    for target, seeds in (("gguf", gguf_seeds()), ("safetensors", safetensors_seeds())):
        d = os.path.join(out, target)
        os.makedirs(d, exist_ok=True)
        for name, blob in sorted(seeds.items()):
            with open(os.path.join(d, name), "wb") as f:
                f.write(blob)
            print(f"{os.path.join(d, name)}: {len(blob)} bytes")


if __name__ == "__main__":
    main()
