"""Shared fixtures of the binding tests (not a test module)."""

import os
import pathlib

import vramest

#: include/vramest.h of this source tree (VRAMEST_HEADER overrides it).
HEADER = pathlib.Path(os.environ.get("VRAMEST_HEADER") or
                      pathlib.Path(__file__).resolve().parents[3] / "include" / "vramest.h")

GIB = 1 << 30

#: Llama-3.1-8B as its config.json gives it (meta-llama/Llama-3.1-8B):
#: num_hidden_layers 32, hidden_size 4096, num_attention_heads 32,
#: num_key_value_heads 8, intermediate_size 14336, vocab_size 128256,
#: max_position_embeddings 131072.
LLAMA_31_8B = dict(num_layers=32, hidden_size=4096, num_heads=32, num_kv_heads=8,
                   intermediate_size=14336, vocab_size=128256,
                   max_position_embeddings=131072)

#: Its bf16 safetensors index (model.safetensors.index.json) has
#: "total_size": 16060522496 (tests/data/measured.jsonl,
#: w-llama31-8b-total-size).
LLAMA_31_8B_BF16_BYTES = 16060522496

#: 8,030,261,248 parameters: embeddings and LM head 2 x 128256 x 4096 =
#: 1,050,673,152; per layer q 4096^2 + k, v 2 x 4096 x 1024 + o 4096^2 =
#: 41,943,040, MLP 3 x 4096 x 14336 = 176,160,768, two norms 8,192, so
#: 218,112,000 x 32 = 6,979,584,000; final norm 4,096. Twice that in bf16 is
#: the index's total_size above.
LLAMA_31_8B_PARAMS = 8030261248


def llama_31_8b():
    return vramest.Model(name="meta-llama/Llama-3.1-8B", **LLAMA_31_8B)


def gib(x):
    """GiB as the C tests compute it: (uint64_t)(x * 1073741824.0)."""
    return int(x * 1073741824.0)
