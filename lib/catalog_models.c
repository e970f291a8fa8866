/*
 * catalog_models.c - the built-in catalog of known architectures, the
 * closed models that have none, and architectures estimated from a
 * parameter count alone.
 *
 * The catalog is data: one row per model, its Hugging Face id, its
 * comma-separated lower-case aliases and its config.json as a compact JSON
 * string, read by the config.json reader (hf_config.c) when the preset is
 * asked for (a few microseconds). Keeping the real config text, rather than
 * re-typed key/value rows, means a preset and the same file given to
 * vram_model_from_hf_config() are the same model by construction, and every
 * row can be checked against its source. Each row names that source
 * (repository, path, commit); the texts are the files in tests/data/models,
 * minified, with keys that do not describe the architecture dropped
 * (_name_or_path, auto_map, task_specific_params, id2label/label2id,
 * generation-only token lists, rope_scaling's long/short factor tables,
 * modules_to_not_convert). Re-saved files keep their shapes but lose the
 * torch_dtype the re-save changed (the library default, bf16, applies).
 * Instruct and chat releases whose config.json has the base model's shapes
 * (they differ in generation tokens only) are aliases of the base row:
 * Llama 3.1/3.2 and 3.3-70B Instruct, Mistral and Mixtral Instruct, Qwen2.5
 * Instruct, Gemma 2 -it.
 *
 * Left out for want of a real config: Llama 3 70B (only a fine-tune with 6
 * more tokens was found), Gemma 7B, Yi 9B and 34B, Qwen 1.5 other than 7B
 * (the 1.8B preset's tie_word_embeddings looks edited), LLaVA-1.5-13B,
 * OpenChat, InternVL2 other than 1B.
 */
#include "vram_private.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct preset {
    const char *id;       /* Hugging Face id */
    const char *aliases;  /* comma-separated, lower case */
    const char *config;   /* config.json, minified */
} preset;

static const preset presets[] = {
    /* HamZil/Llama-2-7b-hf config.json @8cca527612d856d7d32bd94f8103728d614eb852 */
    {"meta-llama/Llama-2-7b-hf", "llama-2-7b,llama2-7b,llama-2",
     "{\"architectures\":[\"LlamaForCausalLM\"],\"bos_token_id\":1,\"eos_token_id\":2,\"hidden"
     "_act\":\"silu\",\"hidden_size\":4096,\"initializer_range\":0.02,\"intermediate_size\":11"
     "008,\"max_position_embeddings\":4096,\"model_type\":\"llama\",\"num_attention_heads\":32"
     ",\"num_hidden_layers\":32,\"num_key_value_heads\":32,\"pretraining_tp\":1,\"rms_norm_eps"
     "\":1e-05,\"rope_scaling\":null,\"tie_word_embeddings\":false,\"torch_dtype\":\"float16\""
     ",\"transformers_version\":\"4.31.0.dev0\",\"use_cache\":true,\"vocab_size\":32000}"},
    /* isatyabrata/llama2-7b-chat-hf config.json @80b21e231183393996103a4e58e5ed212f5e0f85 */
    {"meta-llama/Llama-2-7b-chat-hf", "llama-2-7b-chat,llama2-7b-chat",
     "{\"architectures\":[\"LlamaForCausalLM\"],\"bos_token_id\":1,\"eos_token_id\":2,\"hidden"
     "_act\":\"silu\",\"hidden_size\":4096,\"initializer_range\":0.02,\"intermediate_size\":11"
     "008,\"max_position_embeddings\":4096,\"model_type\":\"llama\",\"num_attention_heads\":32"
     ",\"num_hidden_layers\":32,\"num_key_value_heads\":32,\"pretraining_tp\":1,\"rms_norm_eps"
     "\":1e-06,\"rope_scaling\":null,\"tie_word_embeddings\":false,\"torch_dtype\":\"bfloat16"
     "\",\"transformers_version\":\"4.32.1\",\"use_cache\":true,\"vocab_size\":32000}"},
    /* HPMLL/llm-benchmark models/Llama-2-13b-hf/config.json @0347b4f3ca6ae4773aab83c33cf569d8bd7506d9 (fp32 re-save: torch_dtype dropped) */
    {"meta-llama/Llama-2-13b-hf", "llama-2-13b,llama2-13b",
     "{\"architectures\":[\"LlamaForCausalLM\"],\"bos_token_id\":1,\"eos_token_id\":2,\"hidden"
     "_act\":\"silu\",\"hidden_size\":5120,\"initializer_range\":0.02,\"intermediate_size\":13"
     "824,\"max_position_embeddings\":4096,\"model_type\":\"llama\",\"num_attention_heads\":40"
     ",\"num_hidden_layers\":40,\"num_key_value_heads\":40,\"pad_token_id\":0,\"pretraining_tp"
     "\":1,\"rms_norm_eps\":1e-05,\"rope_scaling\":null,\"tie_word_embeddings\":false,\"use_ca"
     "che\":true,\"vocab_size\":32000}"},
    /* HPMLL/llm-benchmark models/Llama-2-70b-chat-hf/config.json @0347b4f3ca6ae4773aab83c33cf569d8bd7506d9 (fp32 re-save: torch_dtype dropped) */
    {"meta-llama/Llama-2-70b-chat-hf", "llama-2-70b-chat,llama-2-70b,llama2-70b",
     "{\"architectures\":[\"LlamaForCausalLM\"],\"bos_token_id\":1,\"eos_token_id\":2,\"hidden"
     "_act\":\"silu\",\"hidden_size\":8192,\"initializer_range\":0.02,\"intermediate_size\":28"
     "672,\"max_position_embeddings\":4096,\"model_type\":\"llama\",\"num_attention_heads\":64"
     ",\"num_hidden_layers\":80,\"num_key_value_heads\":8,\"pad_token_id\":0,\"pretraining_tp"
     "\":1,\"rms_norm_eps\":1e-05,\"rope_scaling\":null,\"rope_theta\":10000.0,\"tie_word_embed"
     "dings\":false,\"use_cache\":true,\"vocab_size\":32000}"},
    /* ahmedghosaini/crag-meta models/Meta-Llama-3-8B-Instruct/config.json @07bf4be7a311fe57f7a63bd85c688a8736596347 (fp32 re-save: torch_dtype dropped) */
    {"meta-llama/Meta-Llama-3-8B-Instruct", "llama-3-8b-instruct,llama-3-8b,llama3-8b",
     "{\"architectures\":[\"LlamaForCausalLM\"],\"attention_bias\":false,\"attention_dropout\""
     ":0.0,\"bos_token_id\":128000,\"eos_token_id\":128001,\"hidden_act\":\"silu\",\"hidden_si"
     "ze\":4096,\"initializer_range\":0.02,\"intermediate_size\":14336,\"max_position_embeddin"
     "gs\":8192,\"model_type\":\"llama\",\"num_attention_heads\":32,\"num_hidden_layers\":32,"
     "\"num_key_value_heads\":8,\"pretraining_tp\":1,\"rms_norm_eps\":1e-05,\"rope_scaling\":nu"
     "ll,\"rope_theta\":500000.0,\"tie_word_embeddings\":false,\"use_cache\":true,\"vocab_size"
     "\":128256}"},
    /* ai-dynamo/aiconfigurator aic-core/src/aiconfigurator_core/model_configs/meta-llama--Meta-Llama-3.1-8B_config.json @095f58a51c4ca8e61b66ec108d86f223f8d559ce */
    {"meta-llama/Llama-3.1-8B", "llama-3.1-8b,llama3.1-8b,meta-llama-3.1-8b,llama-3.1-8b-instruct,meta-llama-3.1-8b-instruct",
     "{\"architectures\":[\"LlamaForCausalLM\"],\"attention_bias\":false,\"attention_dropout\""
     ":0.0,\"bos_token_id\":128000,\"eos_token_id\":128001,\"hidden_act\":\"silu\",\"hidden_si"
     "ze\":4096,\"initializer_range\":0.02,\"intermediate_size\":14336,\"max_position_embeddin"
     "gs\":131072,\"mlp_bias\":false,\"model_type\":\"llama\",\"num_attention_heads\":32,\"num"
     "_hidden_layers\":32,\"num_key_value_heads\":8,\"pretraining_tp\":1,\"rms_norm_eps\":1e-0"
     "5,\"rope_scaling\":{\"factor\":8.0,\"low_freq_factor\":1.0,\"high_freq_factor\":4.0,\"or"
     "iginal_max_position_embeddings\":8192,\"rope_type\":\"llama3\"},\"rope_theta\":500000.0,"
     "\"tie_word_embeddings\":false,\"torch_dtype\":\"bfloat16\",\"transformers_version\":\"4."
     "43.0.dev0\",\"use_cache\":true,\"vocab_size\":128256}"},
    /* ai-dynamo/aiconfigurator .../meta-llama--Meta-Llama-3.1-70B_config.json @095f58a51c4ca8e61b66ec108d86f223f8d559ce */
    {"meta-llama/Llama-3.1-70B", "llama-3.1-70b,llama3.1-70b,meta-llama-3.1-70b,llama-3.1-70b-instruct,meta-llama-3.1-70b-instruct,llama-3.3-70b-instruct,llama-3.3-70b",
     "{\"architectures\":[\"LlamaForCausalLM\"],\"attention_bias\":false,\"attention_dropout\""
     ":0.0,\"bos_token_id\":128000,\"eos_token_id\":128001,\"hidden_act\":\"silu\",\"hidden_si"
     "ze\":8192,\"initializer_range\":0.02,\"intermediate_size\":28672,\"max_position_embeddin"
     "gs\":131072,\"mlp_bias\":false,\"model_type\":\"llama\",\"num_attention_heads\":64,\"num"
     "_hidden_layers\":80,\"num_key_value_heads\":8,\"pretraining_tp\":1,\"rms_norm_eps\":1e-0"
     "5,\"rope_scaling\":{\"factor\":8.0,\"low_freq_factor\":1.0,\"high_freq_factor\":4.0,\"or"
     "iginal_max_position_embeddings\":8192,\"rope_type\":\"llama3\"},\"rope_theta\":500000.0,"
     "\"tie_word_embeddings\":false,\"torch_dtype\":\"bfloat16\",\"transformers_version\":\"4."
     "43.0.dev0\",\"use_cache\":true,\"vocab_size\":128256}"},
    /* ai-dynamo/aiconfigurator .../meta-llama--Meta-Llama-3.1-405B_config.json @095f58a51c4ca8e61b66ec108d86f223f8d559ce */
    {"meta-llama/Llama-3.1-405B", "llama-3.1-405b,llama3.1-405b,meta-llama-3.1-405b,llama-3.1-405b-instruct,meta-llama-3.1-405b-instruct",
     "{\"architectures\":[\"LlamaForCausalLM\"],\"attention_bias\":false,\"attention_dropout\""
     ":0.0,\"bos_token_id\":128000,\"eos_token_id\":128001,\"hidden_act\":\"silu\",\"hidden_si"
     "ze\":16384,\"initializer_range\":0.02,\"intermediate_size\":53248,\"max_position_embeddi"
     "ngs\":131072,\"mlp_bias\":false,\"model_type\":\"llama\",\"num_attention_heads\":128,\"n"
     "um_hidden_layers\":126,\"num_key_value_heads\":8,\"pretraining_tp\":1,\"rms_norm_eps\":1"
     "e-05,\"rope_scaling\":{\"factor\":8.0,\"low_freq_factor\":1.0,\"high_freq_factor\":4.0,"
     "\"original_max_position_embeddings\":8192,\"rope_type\":\"llama3\"},\"rope_theta\":500000"
     ".0,\"tie_word_embeddings\":false,\"torch_dtype\":\"bfloat16\",\"transformers_version\":"
     "\"4.42.3\",\"use_cache\":true,\"vocab_size\":128256}"},
    /* MatthewGoldsberry/LLM-Projects Llama-3.2-1B/config.json @bf1733705e944f312bf5564d13932a9b6de21606 */
    {"meta-llama/Llama-3.2-1B", "llama-3.2-1b,llama3.2-1b,llama-3.2-1b-instruct",
     "{\"architectures\":[\"LlamaForCausalLM\"],\"attention_bias\":false,\"attention_dropout\""
     ":0.0,\"bos_token_id\":128000,\"eos_token_id\":128001,\"head_dim\":64,\"hidden_act\":\"si"
     "lu\",\"hidden_size\":2048,\"initializer_range\":0.02,\"intermediate_size\":8192,\"max_po"
     "sition_embeddings\":131072,\"mlp_bias\":false,\"model_type\":\"llama\",\"num_attention_h"
     "eads\":32,\"num_hidden_layers\":16,\"num_key_value_heads\":8,\"pretraining_tp\":1,\"rms_"
     "norm_eps\":1e-05,\"rope_scaling\":{\"factor\":32.0,\"high_freq_factor\":4.0,\"low_freq_f"
     "actor\":1.0,\"original_max_position_embeddings\":8192,\"rope_type\":\"llama3\"},\"rope_t"
     "heta\":500000.0,\"tie_word_embeddings\":true,\"torch_dtype\":\"bfloat16\",\"transformers"
     "_version\":\"4.45.0.dev0\",\"use_cache\":true,\"vocab_size\":128256}"},
    /* citsjtu2020/LLM-Prof sglang/Model_Config.md (Llama-3.2-3B block) @8434c8d19c396b2f95d92a67845a7c0a0e0dd512 */
    {"meta-llama/Llama-3.2-3B", "llama-3.2-3b,llama3.2-3b,llama-3.2-3b-instruct",
     "{\"architectures\":[\"LlamaForCausalLM\"],\"attention_bias\":false,\"attention_dropout\""
     ":0.0,\"bos_token_id\":128000,\"eos_token_id\":128001,\"head_dim\":128,\"hidden_act\":\"s"
     "ilu\",\"hidden_size\":3072,\"initializer_range\":0.02,\"intermediate_size\":8192,\"max_p"
     "osition_embeddings\":131072,\"mlp_bias\":false,\"model_type\":\"llama\",\"num_attention_"
     "heads\":24,\"num_hidden_layers\":28,\"num_key_value_heads\":8,\"pretraining_tp\":1,\"rms"
     "_norm_eps\":1e-05,\"rope_scaling\":{\"factor\":32.0,\"high_freq_factor\":4.0,\"low_freq_"
     "factor\":1.0,\"original_max_position_embeddings\":8192,\"rope_type\":\"llama3\"},\"rope_"
     "theta\":500000.0,\"tie_word_embeddings\":true,\"torch_dtype\":\"bfloat16\",\"transformer"
     "s_version\":\"4.45.0.dev0\",\"use_cache\":true,\"vocab_size\":128256}"},
    /* ai-dynamo/aiconfigurator .../meta-llama--Llama-4-Scout-17B-16E-Instruct_config.json @095f58a51c4ca8e61b66ec108d86f223f8d559ce (trimmed: no vision_config, the text model only) */
    {"meta-llama/Llama-4-Scout-17B-16E-Instruct", "llama-4-scout,llama-4-scout-17b-16e",
     "{\"architectures\":[\"Llama4ForConditionalGeneration\"],\"model_type\":\"llama4\",\"text"
     "_config\":{\"attention_bias\":false,\"attention_chunk_size\":8192,\"attention_dropout\":"
     "0.0,\"head_dim\":128,\"hidden_act\":\"silu\",\"hidden_size\":5120,\"interleave_moe_layer"
     "_step\":1,\"intermediate_size\":8192,\"intermediate_size_mlp\":16384,\"max_position_embe"
     "ddings\":10485760,\"model_type\":\"llama4_text\",\"num_attention_heads\":40,\"num_expert"
     "s_per_tok\":1,\"num_hidden_layers\":48,\"num_key_value_heads\":8,\"num_local_experts\":1"
     "6,\"output_router_logits\":false,\"rms_norm_eps\":1e-05,\"rope_scaling\":{\"factor\":16."
     "0,\"high_freq_factor\":1.0,\"low_freq_factor\":1.0,\"original_max_position_embeddings\":"
     "8192,\"rope_type\":\"llama3\"},\"rope_theta\":500000.0,\"router_aux_loss_coef\":0.001,\""
     "torch_dtype\":\"bfloat16\",\"use_cache\":true,\"use_qk_norm\":true,\"vocab_size\":202048"
     "},\"torch_dtype\":\"bfloat16\",\"transformers_version\":\"4.51.0.dev0\"}"},
    /* KamilaTrinkenschuh/Minstral-Model config.json @37452349efbe865c7ccc9639e18109824f27d703 (fp32 re-save: torch_dtype dropped) */
    {"mistralai/Mistral-7B-v0.1", "mistral-7b,mistral-7b-v0.1,mistral-7b-instruct-v0.1",
     "{\"architectures\":[\"MistralForCausalLM\"],\"bos_token_id\":1,\"eos_token_id\":2,\"hidd"
     "en_act\":\"silu\",\"hidden_size\":4096,\"initializer_range\":0.02,\"intermediate_size\":"
     "14336,\"max_position_embeddings\":32768,\"model_type\":\"mistral\",\"num_attention_heads"
     "\":32,\"num_hidden_layers\":32,\"num_key_value_heads\":8,\"rms_norm_eps\":1e-05,\"rope_t"
     "heta\":10000.0,\"sliding_window\":4096,\"tie_word_embeddings\":false,\"use_cache\":true,"
     "\"vocab_size\":32000}"},
    /* MonilSompura/MistralAI config.json @f29050078f5217798c870dfd9c78b4012917efda (fp32 re-save: torch_dtype dropped) */
    {"mistralai/Mistral-7B-Instruct-v0.2", "mistral-7b-instruct-v0.2,mistral-7b-v0.2",
     "{\"architectures\":[\"MistralForCausalLM\"],\"attention_dropout\":0.0,\"bos_token_id\":1"
     ",\"eos_token_id\":2,\"hidden_act\":\"silu\",\"hidden_size\":4096,\"initializer_range\":0"
     ".02,\"intermediate_size\":14336,\"max_position_embeddings\":32768,\"model_type\":\"mistr"
     "al\",\"num_attention_heads\":32,\"num_hidden_layers\":32,\"num_key_value_heads\":8,\"rms"
     "_norm_eps\":1e-05,\"rope_theta\":1000000.0,\"sliding_window\":null,\"tie_word_embeddings"
     "\":false,\"use_cache\":true,\"vocab_size\":32000}"},
    /* mlc-ai/mlc-llm python/mlc_llm/model/model_preset.py key mistral_7b_v03 @79d603f */
    {"mistralai/Mistral-7B-v0.3", "mistral-7b-v0.3,mistral-7b-instruct-v0.3",
     "{\"architectures\":[\"MistralForCausalLM\"],\"attention_dropout\":0.0,\"bos_token_id\":1"
     ",\"eos_token_id\":2,\"hidden_act\":\"silu\",\"hidden_size\":4096,\"initializer_range\":0"
     ".02,\"intermediate_size\":14336,\"max_position_embeddings\":32768,\"model_type\":\"mistr"
     "al\",\"num_attention_heads\":32,\"num_hidden_layers\":32,\"num_key_value_heads\":8,\"rms"
     "_norm_eps\":1e-05,\"rope_theta\":1000000.0,\"sliding_window\":null,\"tie_word_embeddings"
     "\":false,\"torch_dtype\":\"bfloat16\",\"transformers_version\":\"4.42.0.dev0\",\"use_cac"
     "he\":true,\"vocab_size\":32768}"},
    /* ai-dynamo/aiconfigurator .../mistralai--Mixtral-8x7B-v0.1_config.json @095f58a51c4ca8e61b66ec108d86f223f8d559ce */
    {"mistralai/Mixtral-8x7B-v0.1", "mixtral-8x7b,mixtral-8x7b-v0.1,mixtral-8x7b-instruct-v0.1,mixtral-8x7b-instruct",
     "{\"architectures\":[\"MixtralForCausalLM\"],\"attention_dropout\":0.0,\"bos_token_id\":1"
     ",\"eos_token_id\":2,\"hidden_act\":\"silu\",\"hidden_size\":4096,\"initializer_range\":0"
     ".02,\"intermediate_size\":14336,\"max_position_embeddings\":32768,\"model_type\":\"mixtr"
     "al\",\"num_attention_heads\":32,\"num_experts_per_tok\":2,\"num_hidden_layers\":32,\"num"
     "_key_value_heads\":8,\"num_local_experts\":8,\"output_router_logits\":false,\"rms_norm_e"
     "ps\":1e-05,\"rope_theta\":1000000.0,\"router_aux_loss_coef\":0.02,\"sliding_window\":nul"
     "l,\"tie_word_embeddings\":false,\"torch_dtype\":\"bfloat16\",\"transformers_version\":\""
     "4.36.0.dev0\",\"use_cache\":true,\"vocab_size\":32000}"},
    /* ai-dynamo/aiconfigurator .../mistralai--Mixtral-8x22B-v0.1_config.json @095f58a51c4ca8e61b66ec108d86f223f8d559ce */
    {"mistralai/Mixtral-8x22B-v0.1", "mixtral-8x22b,mixtral-8x22b-v0.1,mixtral-8x22b-instruct-v0.1,mixtral-8x22b-instruct",
     "{\"architectures\":[\"MixtralForCausalLM\"],\"attention_dropout\":0.0,\"bos_token_id\":1"
     ",\"eos_token_id\":2,\"hidden_act\":\"silu\",\"hidden_size\":6144,\"initializer_range\":0"
     ".02,\"intermediate_size\":16384,\"max_position_embeddings\":65536,\"model_type\":\"mixtr"
     "al\",\"num_attention_heads\":48,\"num_experts_per_tok\":2,\"num_hidden_layers\":56,\"num"
     "_key_value_heads\":8,\"num_local_experts\":8,\"output_router_logits\":false,\"rms_norm_e"
     "ps\":1e-05,\"rope_theta\":1000000,\"router_aux_loss_coef\":0.001,\"sliding_window\":null"
     ",\"tie_word_embeddings\":false,\"torch_dtype\":\"bfloat16\",\"transformers_version\":\"4"
     ".38.0\",\"use_cache\":true,\"vocab_size\":32000}"},
    /* huggingface/transformers examples/pytorch/torchacc/qwen/Qwen1.5-7B/config.json @f092c38c0bf55916e1c78bcf0f800a7f8a54860b */
    {"Qwen/Qwen1.5-7B", "qwen1.5-7b,qwen-1.5-7b",
     "{\"architectures\":[\"Qwen2ForCausalLM\"],\"attention_dropout\":0.0,\"bos_token_id\":151"
     "643,\"eos_token_id\":151643,\"hidden_act\":\"silu\",\"hidden_size\":4096,\"initializer_r"
     "ange\":0.02,\"intermediate_size\":11008,\"max_position_embeddings\":32768,\"max_window_l"
     "ayers\":28,\"model_type\":\"qwen2\",\"num_attention_heads\":32,\"num_hidden_layers\":32,"
     "\"num_key_value_heads\":32,\"rms_norm_eps\":1e-06,\"rope_theta\":1000000.0,\"sliding_win"
     "dow\":32768,\"tie_word_embeddings\":false,\"torch_dtype\":\"bfloat16\",\"transformers_ve"
     "rsion\":\"4.37.0\",\"use_cache\":true,\"use_sliding_window\":false,\"vocab_size\":151936"
     "}"},
    /* mlc-ai/mlc-llm model_preset.py key qwen2_0_5b @79d603f */
    {"Qwen/Qwen2-0.5B-Instruct", "qwen2-0.5b,qwen2-0.5b-instruct",
     "{\"architectures\":[\"Qwen2ForCausalLM\"],\"attention_dropout\":0.0,\"bos_token_id\":151"
     "643,\"eos_token_id\":151645,\"hidden_act\":\"silu\",\"hidden_size\":896,\"initializer_ra"
     "nge\":0.02,\"intermediate_size\":4864,\"max_position_embeddings\":32768,\"max_window_lay"
     "ers\":24,\"model_type\":\"qwen2\",\"num_attention_heads\":14,\"num_hidden_layers\":24,\""
     "num_key_value_heads\":2,\"rms_norm_eps\":1e-06,\"rope_theta\":1000000.0,\"sliding_window"
     "\":32768,\"tie_word_embeddings\":true,\"torch_dtype\":\"bfloat16\",\"transformers_versio"
     "n\":\"4.40.1\",\"use_cache\":true,\"use_sliding_window\":false,\"vocab_size\":151936}"},
    /* mlc-ai/mlc-llm model_preset.py key qwen2_7b @79d603f */
    {"Qwen/Qwen2-7B-Instruct", "qwen2-7b,qwen2-7b-instruct",
     "{\"architectures\":[\"Qwen2ForCausalLM\"],\"attention_dropout\":0.0,\"bos_token_id\":151"
     "643,\"eos_token_id\":151645,\"hidden_act\":\"silu\",\"hidden_size\":3584,\"initializer_r"
     "ange\":0.02,\"intermediate_size\":18944,\"max_position_embeddings\":32768,\"max_window_l"
     "ayers\":28,\"model_type\":\"qwen2\",\"num_attention_heads\":28,\"num_hidden_layers\":28,"
     "\"num_key_value_heads\":4,\"rms_norm_eps\":1e-06,\"rope_theta\":1000000.0,\"sliding_wind"
     "ow\":131072,\"tie_word_embeddings\":false,\"torch_dtype\":\"bfloat16\",\"transformers_ve"
     "rsion\":\"4.41.2\",\"use_cache\":true,\"use_sliding_window\":false,\"vocab_size\":152064"
     "}"},
    /* citsjtu2020/LLM-Prof sglang/Model_Config.md (Qwen2.5-3B block) @8434c8d19c396b2f95d92a67845a7c0a0e0dd512 */
    {"Qwen/Qwen2.5-3B", "qwen2.5-3b,qwen2.5-3b-instruct",
     "{\"architectures\":[\"Qwen2ForCausalLM\"],\"attention_dropout\":0.0,\"bos_token_id\":151"
     "643,\"eos_token_id\":151643,\"hidden_act\":\"silu\",\"hidden_size\":2048,\"initializer_r"
     "ange\":0.02,\"intermediate_size\":11008,\"max_position_embeddings\":32768,\"max_window_l"
     "ayers\":36,\"model_type\":\"qwen2\",\"num_attention_heads\":16,\"num_hidden_layers\":36,"
     "\"num_key_value_heads\":2,\"rms_norm_eps\":1e-06,\"rope_theta\":1000000.0,\"sliding_wind"
     "ow\":32768,\"tie_word_embeddings\":true,\"torch_dtype\":\"bfloat16\",\"transformers_vers"
     "ion\":\"4.40.1\",\"use_cache\":true,\"use_mrope\":false,\"use_sliding_window\":false,\"v"
     "ocab_size\":151936}"},
    /* citsjtu2020/LLM-Prof sglang/Model_Config.md (Qwen2.5-7B block) @8434c8d19c396b2f95d92a67845a7c0a0e0dd512 */
    {"Qwen/Qwen2.5-7B", "qwen2.5-7b,qwen2.5-7b-instruct",
     "{\"architectures\":[\"Qwen2ForCausalLM\"],\"attention_dropout\":0.0,\"bos_token_id\":151"
     "643,\"eos_token_id\":151643,\"hidden_act\":\"silu\",\"hidden_size\":3584,\"initializer_r"
     "ange\":0.02,\"intermediate_size\":18944,\"max_position_embeddings\":131072,\"max_window_"
     "layers\":28,\"model_type\":\"qwen2\",\"num_attention_heads\":28,\"num_hidden_layers\":28"
     ",\"num_key_value_heads\":4,\"rms_norm_eps\":1e-06,\"rope_theta\":1000000.0,\"sliding_win"
     "dow\":131072,\"tie_word_embeddings\":false,\"torch_dtype\":\"bfloat16\",\"transformers_v"
     "ersion\":\"4.40.1\",\"use_cache\":true,\"use_mrope\":false,\"use_sliding_window\":false,"
     "\"vocab_size\":152064}"},
    /* citsjtu2020/LLM-Prof sglang/Model_Config.md (Qwen2.5-14B block) @8434c8d19c396b2f95d92a67845a7c0a0e0dd512 */
    {"Qwen/Qwen2.5-14B", "qwen2.5-14b,qwen2.5-14b-instruct",
     "{\"architectures\":[\"Qwen2ForCausalLM\"],\"attention_dropout\":0.0,\"bos_token_id\":151"
     "643,\"eos_token_id\":151643,\"hidden_act\":\"silu\",\"hidden_size\":5120,\"initializer_r"
     "ange\":0.02,\"intermediate_size\":13824,\"max_position_embeddings\":131072,\"max_window_"
     "layers\":48,\"model_type\":\"qwen2\",\"num_attention_heads\":40,\"num_hidden_layers\":48"
     ",\"num_key_value_heads\":8,\"rms_norm_eps\":1e-05,\"rope_theta\":1000000.0,\"sliding_win"
     "dow\":131072,\"tie_word_embeddings\":false,\"torch_dtype\":\"bfloat16\",\"transformers_v"
     "ersion\":\"4.43.1\",\"use_cache\":true,\"use_sliding_window\":false,\"vocab_size\":15206"
     "4}"},
    /* ai-dynamo/aiconfigurator .../Qwen--Qwen3-0.6B_config.json @095f58a51c4ca8e61b66ec108d86f223f8d559ce */
    {"Qwen/Qwen3-0.6B", "qwen3-0.6b",
     "{\"architectures\":[\"Qwen3ForCausalLM\"],\"attention_bias\":false,\"attention_dropout\""
     ":0.0,\"bos_token_id\":151643,\"eos_token_id\":151645,\"head_dim\":128,\"hidden_act\":\"s"
     "ilu\",\"hidden_size\":1024,\"initializer_range\":0.02,\"intermediate_size\":3072,\"max_p"
     "osition_embeddings\":40960,\"max_window_layers\":28,\"model_type\":\"qwen3\",\"num_atten"
     "tion_heads\":16,\"num_hidden_layers\":28,\"num_key_value_heads\":8,\"rms_norm_eps\":1e-0"
     "6,\"rope_scaling\":null,\"rope_theta\":1000000,\"sliding_window\":null,\"tie_word_embedd"
     "ings\":true,\"torch_dtype\":\"bfloat16\",\"transformers_version\":\"4.51.0\",\"use_cache"
     "\":true,\"use_sliding_window\":false,\"vocab_size\":151936}"},
    /* ai-dynamo/aiconfigurator .../Qwen--Qwen3-8B_config.json @095f58a51c4ca8e61b66ec108d86f223f8d559ce */
    {"Qwen/Qwen3-8B", "qwen3-8b",
     "{\"architectures\":[\"Qwen3ForCausalLM\"],\"attention_bias\":false,\"attention_dropout\""
     ":0.0,\"bos_token_id\":151643,\"eos_token_id\":151645,\"head_dim\":128,\"hidden_act\":\"s"
     "ilu\",\"hidden_size\":4096,\"initializer_range\":0.02,\"intermediate_size\":12288,\"max_"
     "position_embeddings\":40960,\"max_window_layers\":36,\"model_type\":\"qwen3\",\"num_atte"
     "ntion_heads\":32,\"num_hidden_layers\":36,\"num_key_value_heads\":8,\"rms_norm_eps\":1e-"
     "06,\"rope_scaling\":null,\"rope_theta\":1000000,\"sliding_window\":null,\"tie_word_embed"
     "dings\":false,\"torch_dtype\":\"bfloat16\",\"transformers_version\":\"4.51.0\",\"use_cac"
     "he\":true,\"use_sliding_window\":false,\"vocab_size\":151936}"},
    /* ai-dynamo/aiconfigurator .../Qwen--Qwen3-32B_config.json @095f58a51c4ca8e61b66ec108d86f223f8d559ce */
    {"Qwen/Qwen3-32B", "qwen3-32b",
     "{\"architectures\":[\"Qwen3ForCausalLM\"],\"attention_bias\":false,\"attention_dropout\""
     ":0.0,\"bos_token_id\":151643,\"eos_token_id\":151645,\"head_dim\":128,\"hidden_act\":\"s"
     "ilu\",\"hidden_size\":5120,\"initializer_range\":0.02,\"intermediate_size\":25600,\"max_"
     "position_embeddings\":40960,\"max_window_layers\":64,\"model_type\":\"qwen3\",\"num_atte"
     "ntion_heads\":64,\"num_hidden_layers\":64,\"num_key_value_heads\":8,\"rms_norm_eps\":1e-"
     "06,\"rope_scaling\":null,\"rope_theta\":1000000,\"sliding_window\":null,\"tie_word_embed"
     "dings\":false,\"torch_dtype\":\"bfloat16\",\"transformers_version\":\"4.51.0\",\"use_cac"
     "he\":true,\"use_sliding_window\":false,\"vocab_size\":151936}"},
    /* ai-dynamo/aiconfigurator .../Qwen--Qwen3-30B-A3B_config.json @095f58a51c4ca8e61b66ec108d86f223f8d559ce */
    {"Qwen/Qwen3-30B-A3B", "qwen3-30b-a3b,qwen3-moe-30b",
     "{\"architectures\":[\"Qwen3MoeForCausalLM\"],\"attention_bias\":false,\"attention_dropou"
     "t\":0.0,\"bos_token_id\":151643,\"decoder_sparse_step\":1,\"eos_token_id\":151645,\"head"
     "_dim\":128,\"hidden_act\":\"silu\",\"hidden_size\":2048,\"initializer_range\":0.02,\"int"
     "ermediate_size\":6144,\"max_position_embeddings\":40960,\"max_window_layers\":48,\"mlp_o"
     "nly_layers\":[],\"model_type\":\"qwen3_moe\",\"moe_intermediate_size\":768,\"norm_topk_p"
     "rob\":true,\"num_attention_heads\":32,\"num_experts\":128,\"num_experts_per_tok\":8,\"nu"
     "m_hidden_layers\":48,\"num_key_value_heads\":4,\"output_router_logits\":false,\"rms_norm"
     "_eps\":1e-06,\"rope_scaling\":null,\"rope_theta\":1000000.0,\"router_aux_loss_coef\":0.0"
     "01,\"sliding_window\":null,\"tie_word_embeddings\":false,\"torch_dtype\":\"bfloat16\",\""
     "transformers_version\":\"4.51.0\",\"use_cache\":true,\"use_sliding_window\":false,\"voca"
     "b_size\":151936}"},
    /* zhenhua32/Qwen2-VL Qwen2-VL-7B-Instruct_config/config.json @c6da9b09383c8d6f56415460840a6c4b78779291 */
    {"Qwen/Qwen2-VL-7B-Instruct", "qwen2-vl-7b,qwen2-vl-7b-instruct",
     "{\"architectures\":[\"Qwen2VLForConditionalGeneration\"],\"attention_dropout\":0.0,\"bos"
     "_token_id\":151643,\"eos_token_id\":151645,\"vision_start_token_id\":151652,\"vision_end"
     "_token_id\":151653,\"vision_token_id\":151654,\"image_token_id\":151655,\"video_token_id"
     "\":151656,\"hidden_act\":\"silu\",\"hidden_size\":3584,\"initializer_range\":0.02,\"inte"
     "rmediate_size\":18944,\"max_position_embeddings\":32768,\"max_window_layers\":28,\"model"
     "_type\":\"qwen2_vl\",\"num_attention_heads\":28,\"num_hidden_layers\":28,\"num_key_value"
     "_heads\":4,\"rms_norm_eps\":1e-06,\"rope_theta\":1000000.0,\"sliding_window\":32768,\"ti"
     "e_word_embeddings\":false,\"torch_dtype\":\"bfloat16\",\"transformers_version\":\"4.41.2"
     "\",\"use_cache\":true,\"use_sliding_window\":false,\"vision_config\":{\"depth\":32,\"emb"
     "ed_dim\":1280,\"mlp_ratio\":4,\"num_heads\":16,\"in_chans\":3,\"hidden_size\":3584,\"pat"
     "ch_size\":14,\"spatial_merge_size\":2,\"spatial_patch_size\":14,\"temporal_patch_size\":"
     "2},\"rope_scaling\":{\"type\":\"mrope\",\"mrope_section\":[16,24,24]},\"vocab_size\":152"
     "064}"},
    /* ai-dynamo/aiconfigurator .../Qwen--Qwen3-VL-8B-Instruct_config.json @095f58a51c4ca8e61b66ec108d86f223f8d559ce */
    {"Qwen/Qwen3-VL-8B-Instruct", "qwen3-vl-8b,qwen3-vl-8b-instruct",
     "{\"architectures\":[\"Qwen3VLForConditionalGeneration\"],\"image_token_id\":151655,\"mod"
     "el_type\":\"qwen3_vl\",\"text_config\":{\"attention_bias\":false,\"attention_dropout\":0"
     ".0,\"bos_token_id\":151643,\"dtype\":\"bfloat16\",\"eos_token_id\":151645,\"head_dim\":1"
     "28,\"hidden_act\":\"silu\",\"hidden_size\":4096,\"initializer_range\":0.02,\"intermediat"
     "e_size\":12288,\"max_position_embeddings\":262144,\"model_type\":\"qwen3_vl_text\",\"num"
     "_attention_heads\":32,\"num_hidden_layers\":36,\"num_key_value_heads\":8,\"rms_norm_eps"
     "\":1e-06,\"rope_theta\":5000000,\"use_cache\":true,\"vocab_size\":151936},\"tie_word_embe"
     "ddings\":false,\"video_token_id\":151656,\"vision_config\":{\"deepstack_visual_indexes\""
     ":[8,16,24],\"depth\":27,\"hidden_act\":\"gelu_pytorch_tanh\",\"hidden_size\":1152,\"in_c"
     "hannels\":3,\"initializer_range\":0.02,\"intermediate_size\":4304,\"model_type\":\"qwen3"
     "_vl\",\"num_heads\":16,\"num_position_embeddings\":2304,\"out_hidden_size\":4096,\"patch"
     "_size\":16,\"spatial_merge_size\":2,\"temporal_patch_size\":2}}"},
    /* ananddhanabal/gemma config.json @718cb189da9c5b2e55abe86f2eeffee9b4ae0dad */
    {"google/gemma-2b-it", "gemma-2b,gemma-2b-it",
     "{\"architectures\":[\"GemmaForCausalLM\"],\"attention_bias\":false,\"attention_dropout\""
     ":0.0,\"bos_token_id\":2,\"eos_token_id\":1,\"head_dim\":256,\"hidden_act\":\"gelu\",\"hi"
     "dden_size\":2048,\"initializer_range\":0.02,\"intermediate_size\":16384,\"max_position_e"
     "mbeddings\":8192,\"model_type\":\"gemma\",\"num_attention_heads\":8,\"num_hidden_layers"
     "\":18,\"num_key_value_heads\":1,\"pad_token_id\":0,\"rms_norm_eps\":1e-06,\"rope_scaling"
     "\":null,\"rope_theta\":10000.0,\"torch_dtype\":\"bfloat16\",\"transformers_version\":\"4."
     "38.0.dev0\",\"use_cache\":true,\"vocab_size\":256000}"},
    /* mlc-ai/mlc-llm model_preset.py key gemma2_2b @79d603f */
    {"google/gemma-2-2b", "gemma-2-2b,gemma-2-2b-it",
     "{\"architectures\":[\"Gemma2ForCausalLM\"],\"attention_bias\":false,\"attention_dropout"
     "\":0.0,\"attn_logit_softcapping\":50.0,\"bos_token_id\":2,\"cache_implementation\":\"hybr"
     "id\",\"eos_token_id\":[1,107],\"final_logit_softcapping\":30.0,\"head_dim\":256,\"hidden"
     "_act\":\"gelu_pytorch_tanh\",\"hidden_activation\":\"gelu_pytorch_tanh\",\"hidden_size\""
     ":2304,\"initializer_range\":0.02,\"intermediate_size\":9216,\"max_position_embeddings\":"
     "8192,\"model_type\":\"gemma2\",\"num_attention_heads\":8,\"num_hidden_layers\":26,\"num_"
     "key_value_heads\":4,\"pad_token_id\":0,\"query_pre_attn_scalar\":256,\"rms_norm_eps\":1e"
     "-06,\"rope_theta\":10000.0,\"sliding_window\":4096,\"torch_dtype\":\"bfloat16\",\"transf"
     "ormers_version\":\"4.42.4\",\"use_cache\":true,\"vocab_size\":256000}"},
    /* doggy8088/GemmaTokenizerExtractor gemma-2-9b-it/config.json @a2757335b21ba6ce9bd2f7701997b2fe79a42dd4 */
    {"google/gemma-2-9b-it", "gemma-2-9b,gemma-2-9b-it",
     "{\"architectures\":[\"Gemma2ForCausalLM\"],\"attention_bias\":false,\"attention_dropout"
     "\":0.0,\"attn_logit_softcapping\":50.0,\"bos_token_id\":2,\"cache_implementation\":\"hybr"
     "id\",\"eos_token_id\":1,\"final_logit_softcapping\":30.0,\"head_dim\":256,\"hidden_act\""
     ":\"gelu_pytorch_tanh\",\"hidden_activation\":\"gelu_pytorch_tanh\",\"hidden_size\":3584,"
     "\"initializer_range\":0.02,\"intermediate_size\":14336,\"max_position_embeddings\":8192,"
     "\"model_type\":\"gemma2\",\"num_attention_heads\":16,\"num_hidden_layers\":42,\"num_key_"
     "value_heads\":8,\"pad_token_id\":0,\"query_pre_attn_scalar\":224,\"rms_norm_eps\":1e-06,"
     "\"rope_theta\":10000.0,\"sliding_window\":4096,\"sliding_window_size\":4096,\"torch_dtyp"
     "e\":\"bfloat16\",\"transformers_version\":\"4.42.0.dev0\",\"use_cache\":true,\"vocab_siz"
     "e\":256000}"},
    /* mlc-ai/mlc-llm model_preset.py key gemma2_27b @79d603f */
    {"google/gemma-2-27b", "gemma-2-27b,gemma-2-27b-it",
     "{\"architectures\":[\"Gemma2ForCausalLM\"],\"attention_bias\":false,\"attention_dropout"
     "\":0.0,\"attn_logit_softcapping\":50.0,\"bos_token_id\":2,\"cache_implementation\":\"hybr"
     "id\",\"eos_token_id\":1,\"final_logit_softcapping\":30.0,\"head_dim\":128,\"hidden_act\""
     ":\"gelu_pytorch_tanh\",\"hidden_activation\":\"gelu_pytorch_tanh\",\"hidden_size\":4608,"
     "\"initializer_range\":0.02,\"intermediate_size\":36864,\"max_position_embeddings\":8192,"
     "\"model_type\":\"gemma2\",\"num_attention_heads\":32,\"num_hidden_layers\":46,\"num_key_"
     "value_heads\":16,\"pad_token_id\":0,\"query_pre_attn_scalar\":144,\"rms_norm_eps\":1e-06"
     ",\"rope_theta\":10000.0,\"sliding_window\":4096,\"sliding_window_size\":4096,\"torch_dty"
     "pe\":\"bfloat16\",\"transformers_version\":\"4.42.0.dev0\",\"use_cache\":true,\"vocab_si"
     "ze\":256000,\"_attn_implementation\":\"eager\"}"},
    /* mlc-ai/mlc-llm model_preset.py key gemma3_1b_it @79d603f */
    {"google/gemma-3-1b-it", "gemma-3-1b,gemma-3-1b-it",
     "{\"architectures\":[\"Gemma3ForCausalLM\"],\"attention_bias\":false,\"attention_dropout"
     "\":0.0,\"attn_logit_softcapping\":null,\"bos_token_id\":2,\"cache_implementation\":\"hybr"
     "id\",\"eos_token_id\":[1,106],\"final_logit_softcapping\":null,\"head_dim\":256,\"hidden"
     "_activation\":\"gelu_pytorch_tanh\",\"hidden_size\":1152,\"initializer_range\":0.02,\"in"
     "termediate_size\":6912,\"max_position_embeddings\":32768,\"model_type\":\"gemma3_text\","
     "\"num_attention_heads\":4,\"num_hidden_layers\":26,\"num_key_value_heads\":1,\"pad_token"
     "_id\":0,\"query_pre_attn_scalar\":256,\"rms_norm_eps\":1e-06,\"rope_local_base_freq\":10"
     "000,\"rope_scaling\":null,\"rope_theta\":1000000,\"sliding_window\":512,\"sliding_window"
     "_pattern\":6,\"torch_dtype\":\"bfloat16\",\"transformers_version\":\"4.50.0.dev0\",\"use"
     "_cache\":true,\"vocab_size\":262144}"},
    /* Ibtasam-98/medgemma-27b-it config.json @351f31de594a03c2a17ac8d5982ee0e044a3a8d3 (the Gemma 3 27B architecture) */
    {"google/medgemma-27b-it", "medgemma-27b,gemma-3-27b",
     "{\"architectures\":[\"Gemma3ForConditionalGeneration\"],\"boi_token_index\":255999,\"eoi"
     "_token_index\":256000,\"eos_token_id\":[1,106],\"image_token_index\":262144,\"initialize"
     "r_range\":0.02,\"mm_tokens_per_image\":256,\"model_type\":\"gemma3\",\"text_config\":{\""
     "attention_bias\":false,\"attention_dropout\":0.0,\"attn_logit_softcapping\":null,\"final"
     "_logit_softcapping\":null,\"head_dim\":128,\"hidden_activation\":\"gelu_pytorch_tanh\","
     "\"hidden_size\":5376,\"initializer_range\":0.02,\"intermediate_size\":21504,\"layer_types"
     "\":[\"sliding_attention\",\"sliding_attention\",\"sliding_attention\",\"sliding_attentio"
     "n\",\"sliding_attention\",\"full_attention\",\"sliding_attention\",\"sliding_attention\""
     ",\"sliding_attention\",\"sliding_attention\",\"sliding_attention\",\"full_attention\",\""
     "sliding_attention\",\"sliding_attention\",\"sliding_attention\",\"sliding_attention\",\""
     "sliding_attention\",\"full_attention\",\"sliding_attention\",\"sliding_attention\",\"sli"
     "ding_attention\",\"sliding_attention\",\"sliding_attention\",\"full_attention\",\"slidin"
     "g_attention\",\"sliding_attention\",\"sliding_attention\",\"sliding_attention\",\"slidin"
     "g_attention\",\"full_attention\",\"sliding_attention\",\"sliding_attention\",\"sliding_a"
     "ttention\",\"sliding_attention\",\"sliding_attention\",\"full_attention\",\"sliding_atte"
     "ntion\",\"sliding_attention\",\"sliding_attention\",\"sliding_attention\",\"sliding_atte"
     "ntion\",\"full_attention\",\"sliding_attention\",\"sliding_attention\",\"sliding_attenti"
     "on\",\"sliding_attention\",\"sliding_attention\",\"full_attention\",\"sliding_attention"
     "\",\"sliding_attention\",\"sliding_attention\",\"sliding_attention\",\"sliding_attention"
     "\",\"full_attention\",\"sliding_attention\",\"sliding_attention\",\"sliding_attention\","
     "\"sliding_attention\",\"sliding_attention\",\"full_attention\",\"sliding_attention\",\"sl"
     "iding_attention\"],\"max_position_embeddings\":131072,\"model_type\":\"gemma3_text\",\"n"
     "um_attention_heads\":32,\"num_hidden_layers\":62,\"num_key_value_heads\":16,\"query_pre_"
     "attn_scalar\":168,\"rms_norm_eps\":1e-06,\"rope_local_base_freq\":10000,\"rope_scaling\""
     ":{\"factor\":8.0,\"rope_type\":\"linear\"},\"rope_theta\":1000000,\"sliding_window\":102"
     "4,\"torch_dtype\":\"bfloat16\",\"use_cache\":true,\"vocab_size\":262208},\"torch_dtype\""
     ":\"bfloat16\",\"transformers_version\":\"4.54.0.dev0\",\"vision_config\":{\"attention_dr"
     "opout\":0.0,\"hidden_act\":\"gelu_pytorch_tanh\",\"hidden_size\":1152,\"image_size\":896"
     ",\"intermediate_size\":4304,\"layer_norm_eps\":1e-06,\"model_type\":\"siglip_vision_mode"
     "l\",\"num_attention_heads\":16,\"num_channels\":3,\"num_hidden_layers\":27,\"patch_size"
     "\":14,\"torch_dtype\":\"bfloat16\",\"vision_use_head\":false}}"},
    /* YouriLalain/3PRYMMAL-PHI3-3B-SLERP config.json @cfe714af820a913b68c32cbe56b955be18b49352 (a merge with the Phi-3-mini-4k shapes) */
    {"microsoft/Phi-3-mini-4k-instruct", "phi-3-mini,phi-3-mini-4k,phi-3",
     "{\"architectures\":[\"Phi3ForCausalLM\"],\"attention_bias\":false,\"attention_dropout\":"
     "0.0,\"bos_token_id\":1,\"embd_pdrop\":0.0,\"eos_token_id\":32000,\"hidden_act\":\"silu\""
     ",\"hidden_size\":3072,\"initializer_range\":0.02,\"intermediate_size\":8192,\"max_positi"
     "on_embeddings\":4096,\"model_type\":\"phi3\",\"num_attention_heads\":32,\"num_hidden_lay"
     "ers\":32,\"num_key_value_heads\":32,\"original_max_position_embeddings\":4096,\"pad_toke"
     "n_id\":32000,\"resid_pdrop\":0.0,\"rms_norm_eps\":1e-05,\"rope_scaling\":null,\"rope_the"
     "ta\":10000.0,\"sliding_window\":2047,\"tie_word_embeddings\":false,\"torch_dtype\":\"bfl"
     "oat16\",\"transformers_version\":\"4.44.2\",\"use_cache\":true,\"vocab_size\":32064}"},
    /* ChuDinhKlopp/phi-3-mini-keyformer config.json @48b6150ffee33c8875a669a7697b6eb8fe69924b */
    {"microsoft/Phi-3-mini-128k-instruct", "phi-3-mini-128k",
     "{\"architectures\":[\"Phi3ForCausalLM\"],\"attention_dropout\":0.0,\"bos_token_id\":1,\""
     "embd_pdrop\":0.0,\"eos_token_id\":32000,\"hidden_act\":\"silu\",\"hidden_size\":3072,\"i"
     "nitializer_range\":0.02,\"intermediate_size\":8192,\"max_position_embeddings\":131072,\""
     "model_type\":\"phi3\",\"num_attention_heads\":32,\"num_hidden_layers\":32,\"num_key_valu"
     "e_heads\":32,\"original_max_position_embeddings\":4096,\"pad_token_id\":32000,\"resid_pd"
     "rop\":0.0,\"rms_norm_eps\":1e-05,\"rope_scaling\":{\"type\":\"longrope\"},\"rope_theta\""
     ":10000.0,\"sliding_window\":262144,\"tie_word_embeddings\":false,\"torch_dtype\":\"bfloa"
     "t16\",\"transformers_version\":\"4.40.2\",\"use_cache\":true,\"attention_bias\":false,\""
     "vocab_size\":32064}"},
    /* mehmetcc/pal phi-4/config.json @b5a7a0de48f7a687e62d6512edf901928ac657eb */
    {"microsoft/phi-4", "phi-4",
     "{\"architectures\":[\"Phi3ForCausalLM\"],\"attention_bias\":false,\"attention_dropout\":"
     "0.0,\"bos_token_id\":100257,\"embd_pdrop\":0.0,\"eos_token_id\":100257,\"hidden_act\":\""
     "silu\",\"hidden_size\":5120,\"initializer_range\":0.02,\"intermediate_size\":17920,\"max"
     "_position_embeddings\":16384,\"model_type\":\"phi3\",\"num_attention_heads\":40,\"num_hi"
     "dden_layers\":40,\"num_key_value_heads\":10,\"original_max_position_embeddings\":16384,"
     "\"pad_token_id\":100257,\"resid_pdrop\":0.0,\"rms_norm_eps\":1e-05,\"rope_scaling\":null,"
     "\"rope_theta\":250000,\"sliding_window\":16384,\"tie_word_embeddings\":false,\"torch_dty"
     "pe\":\"bfloat16\",\"transformers_version\":\"4.47.0\",\"use_cache\":true,\"vocab_size\":"
     "100352}"},
    /* mlc-ai/mlc-llm model_preset.py key deepseek_v2_lite @79d603f, with the "q_lora_rank": null of the real config */
    {"deepseek-ai/DeepSeek-V2-Lite", "deepseek-v2-lite",
     "{\"architectures\":[\"DeepseekV2ForCausalLM\"],\"attention_bias\":false,\"bos_token_id\""
     ":100000,\"eos_token_id\":100001,\"first_k_dense_replace\":1,\"hidden_act\":\"silu\",\"hi"
     "dden_size\":2048,\"initializer_range\":0.02,\"intermediate_size\":10944,\"kv_lora_rank\""
     ":512,\"max_position_embeddings\":163840,\"model_type\":\"deepseek_v2\",\"moe_intermediat"
     "e_size\":1408,\"moe_layer_freq\":1,\"n_group\":1,\"n_routed_experts\":64,\"n_shared_expe"
     "rts\":2,\"norm_topk_prob\":false,\"num_attention_heads\":16,\"num_experts_per_tok\":6,\""
     "num_hidden_layers\":27,\"num_key_value_heads\":16,\"pretraining_tp\":1,\"qk_nope_head_di"
     "m\":128,\"qk_rope_head_dim\":64,\"rms_norm_eps\":1e-06,\"rope_scaling\":{\"beta_fast\":3"
     "2,\"beta_slow\":1,\"factor\":40,\"mscale\":0.707,\"mscale_all_dim\":0.707,\"original_max"
     "_position_embeddings\":4096,\"type\":\"yarn\"},\"rope_theta\":10000,\"routed_scaling_fac"
     "tor\":1.0,\"scoring_func\":\"softmax\",\"topk_group\":1,\"topk_method\":\"greedy\",\"tor"
     "ch_dtype\":\"bfloat16\",\"transformers_version\":\"4.33.1\",\"use_cache\":true,\"v_head_"
     "dim\":128,\"vocab_size\":102400,\"q_lora_rank\":null}"},
    /* ai-dynamo/aiconfigurator .../deepseek-ai--DeepSeek-V3_config.json @095f58a51c4ca8e61b66ec108d86f223f8d559ce */
    {"deepseek-ai/DeepSeek-V3", "deepseek-v3",
     "{\"architectures\":[\"DeepseekV3ForCausalLM\"],\"attention_bias\":false,\"attention_drop"
     "out\":0.0,\"bos_token_id\":0,\"eos_token_id\":1,\"ep_size\":1,\"first_k_dense_replace\":"
     "3,\"hidden_act\":\"silu\",\"hidden_size\":7168,\"initializer_range\":0.02,\"intermediate"
     "_size\":18432,\"kv_lora_rank\":512,\"max_position_embeddings\":163840,\"model_type\":\"d"
     "eepseek_v3\",\"moe_intermediate_size\":2048,\"moe_layer_freq\":1,\"n_group\":8,\"n_route"
     "d_experts\":256,\"n_shared_experts\":1,\"norm_topk_prob\":true,\"num_attention_heads\":1"
     "28,\"num_experts_per_tok\":8,\"num_hidden_layers\":61,\"num_key_value_heads\":128,\"num_"
     "nextn_predict_layers\":1,\"q_lora_rank\":1536,\"qk_nope_head_dim\":128,\"qk_rope_head_di"
     "m\":64,\"quantization_config\":{\"activation_scheme\":\"dynamic\",\"fmt\":\"e4m3\",\"qua"
     "nt_method\":\"fp8\",\"weight_block_size\":[128,128]},\"rms_norm_eps\":1e-06,\"rope_scali"
     "ng\":{\"beta_fast\":32,\"beta_slow\":1,\"factor\":40,\"mscale\":1.0,\"mscale_all_dim\":1"
     ".0,\"original_max_position_embeddings\":4096,\"type\":\"yarn\"},\"rope_theta\":10000,\"r"
     "outed_scaling_factor\":2.5,\"scoring_func\":\"sigmoid\",\"tie_word_embeddings\":false,\""
     "topk_group\":4,\"topk_method\":\"noaux_tc\",\"torch_dtype\":\"bfloat16\",\"transformers_"
     "version\":\"4.33.1\",\"use_cache\":true,\"v_head_dim\":128,\"vocab_size\":129280}"},
    /* WasimAkramShaikh/falcon-7b-instruct-clone config.json @cf4b3c42ce2fdfe24f753f0f0d179202fea59c99 */
    {"tiiuae/falcon-7b-instruct", "falcon-7b,falcon-7b-instruct",
     "{\"alibi\":false,\"apply_residual_connection_post_layernorm\":false,\"architectures\":["
     "\"FalconForCausalLM\"],\"attention_dropout\":0.0,\"bias\":false,\"bos_token_id\":11,\"eos"
     "_token_id\":11,\"hidden_dropout\":0.0,\"hidden_size\":4544,\"initializer_range\":0.02,\""
     "layer_norm_epsilon\":1e-05,\"model_type\":\"falcon\",\"multi_query\":true,\"new_decoder_"
     "architecture\":false,\"num_attention_heads\":71,\"num_hidden_layers\":32,\"parallel_attn"
     "\":true,\"torch_dtype\":\"bfloat16\",\"transformers_version\":\"4.27.4\",\"use_cache\":t"
     "rue,\"vocab_size\":65024}"},
    /* Decentralised-AI/falcon-40b config.json @6e61c89591cc7a3328d4010ceaf701dfec03fd18 */
    {"tiiuae/falcon-40b", "falcon-40b",
     "{\"alibi\":false,\"apply_residual_connection_post_layernorm\":false,\"architectures\":["
     "\"RWForCausalLM\"],\"attention_dropout\":0.0,\"bias\":false,\"bos_token_id\":1,\"eos_toke"
     "n_id\":2,\"hidden_dropout\":0.0,\"hidden_size\":8192,\"initializer_range\":0.02,\"layer_"
     "norm_epsilon\":1e-05,\"model_type\":\"RefinedWeb\",\"n_head\":128,\"n_head_kv\":8,\"n_la"
     "yer\":60,\"parallel_attn\":true,\"torch_dtype\":\"bfloat16\",\"transformers_version\":\""
     "4.27.4\",\"use_cache\":true,\"vocab_size\":65024}"},
    /* Alikhan13r/falcon-180B-chat config.json @b872674083e3bdad4cae2f4166c68ce058b8b075 */
    {"tiiuae/falcon-180B-chat", "falcon-180b,falcon-180b-chat",
     "{\"alibi\":false,\"architectures\":[\"FalconForCausalLM\"],\"attention_dropout\":0.0,\"b"
     "ias\":false,\"bos_token_id\":11,\"eos_token_id\":11,\"hidden_dropout\":0.0,\"hidden_size"
     "\":14848,\"initializer_range\":0.02,\"layer_norm_epsilon\":1e-05,\"model_type\":\"falcon"
     "\",\"multi_query\":true,\"new_decoder_architecture\":true,\"num_attention_heads\":232,\""
     "num_hidden_layers\":80,\"num_kv_heads\":8,\"parallel_attn\":true,\"torch_dtype\":\"bfloa"
     "t16\",\"transformers_version\":\"4.32.0\",\"use_cache\":true,\"vocab_size\":65024}"},
    /* vanu23/chatbot gpt2/config.json @d29f3ea334bebda6020d81db4bde306955682db7 */
    {"openai-community/gpt2", "gpt2,gpt-2",
     "{\"activation_function\":\"gelu_new\",\"architectures\":[\"GPT2LMHeadModel\"],\"attn_pdr"
     "op\":0.1,\"bos_token_id\":50256,\"embd_pdrop\":0.1,\"eos_token_id\":50256,\"initializer_"
     "range\":0.02,\"layer_norm_epsilon\":1e-05,\"model_type\":\"gpt2\",\"n_ctx\":1024,\"n_emb"
     "d\":768,\"n_head\":12,\"n_inner\":null,\"n_layer\":12,\"n_positions\":1024,\"reorder_and"
     "_upcast_attn\":false,\"resid_pdrop\":0.1,\"scale_attn_by_inverse_layer_idx\":false,\"sca"
     "le_attn_weights\":true,\"summary_activation\":null,\"summary_first_dropout\":0.1,\"summa"
     "ry_proj_to_labels\":true,\"summary_type\":\"cls_index\",\"summary_use_proj\":true,\"torc"
     "h_dtype\":\"float32\",\"transformers_version\":\"4.30.2\",\"use_cache\":true,\"vocab_siz"
     "e\":50257}"},
    /* Marcos-gi/base-gpt-j-6B config.json @6e35e2148e92edf096e94d39ac2b98ad59e25975 */
    {"EleutherAI/gpt-j-6b", "gpt-j-6b,gptj-6b,gpt-j",
     "{\"activation_function\":\"gelu_new\",\"architectures\":[\"GPTJForCausalLM\"],\"attn_pdr"
     "op\":0.0,\"bos_token_id\":50256,\"embd_pdrop\":0.0,\"eos_token_id\":50256,\"gradient_che"
     "ckpointing\":false,\"initializer_range\":0.02,\"layer_norm_epsilon\":1e-05,\"model_type"
     "\":\"gptj\",\"n_embd\":4096,\"n_head\":16,\"n_inner\":null,\"n_layer\":28,\"n_positions\""
     ":2048,\"resid_pdrop\":0.0,\"rotary\":true,\"rotary_dim\":64,\"scale_attn_weights\":true,"
     "\"summary_activation\":null,\"summary_first_dropout\":0.1,\"summary_proj_to_labels\":tru"
     "e,\"summary_type\":\"cls_index\",\"summary_use_proj\":true,\"tie_word_embeddings\":false"
     ",\"tokenizer_class\":\"GPT2Tokenizer\",\"transformers_version\":\"4.18.0.dev0\",\"use_ca"
     "che\":true,\"vocab_size\":50400}"},
    /* Avent-IQ/pythia-410m-chatbot config.json @148c5eb39edac0acf8e02e974327b42e00029c23 (a fine-tune's config, the Pythia-410M shapes) */
    {"EleutherAI/pythia-410m", "pythia-410m",
     "{\"architectures\":[\"GPTNeoXForCausalLM\"],\"attention_bias\":true,\"attention_dropout"
     "\":0.0,\"bos_token_id\":0,\"classifier_dropout\":0.1,\"eos_token_id\":0,\"hidden_act\":\""
     "gelu\",\"hidden_dropout\":0.0,\"hidden_size\":1024,\"initializer_range\":0.02,\"intermed"
     "iate_size\":4096,\"layer_norm_eps\":1e-05,\"max_position_embeddings\":2048,\"model_type"
     "\":\"gpt_neox\",\"num_attention_heads\":16,\"num_hidden_layers\":24,\"pad_token_id\":0,\""
     "partial_rotary_factor\":0.25,\"rope_scaling\":null,\"rope_theta\":10000,\"rotary_emb_bas"
     "e\":10000,\"rotary_pct\":0.25,\"tie_word_embeddings\":false,\"torch_dtype\":\"float16\","
     "\"transformers_version\":\"4.48.1\",\"use_cache\":true,\"use_parallel_residual\":true,\""
     "vocab_size\":50304}"},
    /* drcege/RedPajama-INCITE-7B-Base config.json @aeccca007ba01cbef06b290fe13f6b6a5864a4e5 */
    {"togethercomputer/RedPajama-INCITE-7B-Base", "redpajama-incite-7b,redpajama-7b",
     "{\"architectures\":[\"GPTNeoXForCausalLM\"],\"bos_token_id\":0,\"eos_token_id\":0,\"hidd"
     "en_act\":\"gelu\",\"hidden_size\":4096,\"initializer_range\":0.02,\"intermediate_size\":"
     "16384,\"layer_norm_eps\":1e-05,\"max_position_embeddings\":2048,\"model_type\":\"gpt_neo"
     "x\",\"num_attention_heads\":32,\"num_hidden_layers\":32,\"rotary_emb_base\":10000,\"rota"
     "ry_pct\":1.0,\"tie_word_embeddings\":false,\"torch_dtype\":\"float16\",\"transformers_ve"
     "rsion\":\"4.28.1\",\"use_cache\":true,\"use_parallel_residual\":false,\"vocab_size\":504"
     "32}"},
    /* mikeybellissimo/LoRA-MPT src/config.json @b280ee58a5a479fa839b21bbbc7b86cafda2e443 */
    {"mosaicml/mpt-7b-instruct", "mpt-7b,mpt-7b-instruct",
     "{\"architectures\":[\"MPTForCausalLM\"],\"attn_config\":{\"alibi\":true,\"alibi_bias_max"
     "\":8,\"attn_impl\":\"torch\",\"attn_pdrop\":0,\"attn_type\":\"multihead_attention\",\"at"
     "tn_uses_sequence_id\":false,\"clip_qkv\":null,\"prefix_lm\":false,\"qk_ln\":false,\"soft"
     "max_scale\":null},\"d_model\":4096,\"emb_pdrop\":0,\"embedding_fraction\":1.0,\"expansio"
     "n_ratio\":4,\"init_config\":{\"emb_init_std\":null,\"emb_init_uniform_lim\":null,\"fan_m"
     "ode\":\"fan_in\",\"init_div_is_residual\":true,\"init_gain\":0,\"init_nonlinearity\":\"r"
     "elu\",\"init_std\":0.02,\"name\":\"kaiming_normal_\",\"verbose\":0},\"init_device\":\"cp"
     "u\",\"learned_pos_emb\":true,\"logit_scale\":null,\"max_seq_len\":2048,\"model_type\":\""
     "mpt\",\"n_heads\":32,\"n_layers\":32,\"no_bias\":true,\"norm_type\":\"low_precision_laye"
     "rnorm\",\"resid_pdrop\":0,\"tokenizer_name\":\"EleutherAI/gpt-neox-20b\",\"torch_dtype\""
     ":\"bfloat16\",\"transformers_version\":\"4.28.1\",\"use_cache\":false,\"verbose\":0,\"vo"
     "cab_size\":50432}"},
    /* YouriLalain/2PRYMMAL-Yi1.5-6B-SLERP config.json @82cdc2e1073b2fce1bd3f6f962a73342c39351ab (a merge with the Yi-1.5-6B shapes) */
    {"01-ai/Yi-1.5-6B-Chat", "yi-1.5-6b,yi-1.5-6b-chat",
     "{\"architectures\":[\"LlamaForCausalLM\"],\"attention_bias\":false,\"attention_dropout\""
     ":0.0,\"bos_token_id\":1,\"eos_token_id\":2,\"hidden_act\":\"silu\",\"hidden_size\":4096,"
     "\"initializer_range\":0.02,\"intermediate_size\":11008,\"max_position_embeddings\":4096,"
     "\"mlp_bias\":false,\"model_type\":\"llama\",\"num_attention_heads\":32,\"num_hidden_laye"
     "rs\":32,\"num_key_value_heads\":4,\"pad_token_id\":0,\"pretraining_tp\":1,\"rms_norm_eps"
     "\":1e-06,\"rope_scaling\":null,\"rope_theta\":5000000.0,\"tie_word_embeddings\":false,\""
     "torch_dtype\":\"bfloat16\",\"transformers_version\":\"4.44.2\",\"use_cache\":false,\"voc"
     "ab_size\":64000}"},
    /* mlc-ai/mlc-llm model_preset.py key stablelm @79d603f (the preset does not name its repo; 3B-4E1T shapes) */
    {"stabilityai/stablelm-3b-4e1t", "stablelm-3b,stablelm-3b-4e1t",
     "{\"architectures\":[\"StableLmForCausalLM\"],\"bos_token_id\":0,\"eos_token_id\":0,\"hid"
     "den_act\":\"silu\",\"hidden_size\":2560,\"initializer_range\":0.02,\"intermediate_size\""
     ":6912,\"max_position_embeddings\":4096,\"model_type\":\"stablelm\",\"layer_norm_eps\":1e"
     "-05,\"num_attention_heads\":32,\"num_hidden_layers\":32,\"num_key_value_heads\":32,\"par"
     "tial_rotary_factor\":0.25,\"rope_theta\":10000,\"tie_word_embeddings\":false,\"torch_dty"
     "pe\":\"bfloat16\",\"transformers_version\":\"4.38.0\",\"use_cache\":true,\"use_qkv_bias"
     "\":false,\"vocab_size\":50304}"},
    /* mlc-ai/mlc-llm model_preset.py key olmo2_7b @79d603f (trimmed: defaults fill the rest) */
    {"allenai/OLMo-2-1124-7B", "olmo-2-7b,olmo2-7b",
     "{\"architectures\":[\"Olmo2ForCausalLM\"],\"hidden_act\":\"silu\",\"hidden_size\":4096,"
     "\"intermediate_size\":11008,\"max_position_embeddings\":4096,\"model_type\":\"olmo2\",\"n"
     "um_attention_heads\":32,\"num_hidden_layers\":32,\"num_key_value_heads\":32,\"rms_norm_e"
     "ps\":1e-06,\"rope_theta\":500000.0,\"tie_word_embeddings\":false,\"torch_dtype\":\"float"
     "32\",\"transformers_version\":\"4.47.0\",\"use_cache\":true,\"vocab_size\":100352}"},
    /* tung2kg1/AI-Stock-Chart-Analysis llava-1.5-7b-hf/config.json @61f63b568cf2def9b3e13740ee072bf3b48dac8a */
    {"llava-hf/llava-1.5-7b-hf", "llava-1.5-7b,llava-7b",
     "{\"architectures\":[\"LlavaForConditionalGeneration\"],\"ignore_index\":-100,\"image_tok"
     "en_index\":32000,\"model_type\":\"llava\",\"pad_token_id\":32001,\"projector_hidden_act"
     "\":\"gelu\",\"text_config\":{\"architectures\":[\"LlamaForCausalLM\"],\"max_position_embe"
     "ddings\":4096,\"model_type\":\"llama\",\"rms_norm_eps\":1e-05,\"torch_dtype\":\"float16"
     "\",\"vocab_size\":32064},\"tie_word_embeddings\":false,\"torch_dtype\":\"float16\",\"tran"
     "sformers_version\":\"4.36.0.dev0\",\"vision_config\":{\"hidden_size\":1024,\"image_size"
     "\":336,\"intermediate_size\":4096,\"model_type\":\"clip_vision_model\",\"num_attention_he"
     "ads\":16,\"num_hidden_layers\":24,\"patch_size\":14,\"projection_dim\":768,\"vocab_size"
     "\":32000},\"vision_feature_layer\":-2,\"vision_feature_select_strategy\":\"default\",\"vo"
     "cab_size\":32064}"},
    /* huyvanzzz/finetune-InternVL2 model/config.json @d33e4a7af7e642137ca26b2b9cbac03c91acafde */
    {"OpenGVLab/InternVL2-1B", "internvl2-1b",
     "{\"architectures\":[\"InternVLChatModel\"],\"downsample_ratio\":0.5,\"dynamic_image_size"
     "\":true,\"force_image_size\":448,\"llm_config\":{\"add_cross_attention\":false,\"archite"
     "ctures\":[\"Qwen2ForCausalLM\"],\"attention_dropout\":0.0,\"bos_token_id\":151643,\"chun"
     "k_size_feed_forward\":0,\"cross_attention_hidden_size\":null,\"decoder_start_token_id\":"
     "null,\"diversity_penalty\":0.0,\"do_sample\":false,\"early_stopping\":false,\"encoder_no"
     "_repeat_ngram_size\":0,\"eos_token_id\":151645,\"exponential_decay_length_penalty\":null"
     ",\"finetuning_task\":null,\"forced_bos_token_id\":null,\"forced_eos_token_id\":null,\"hi"
     "dden_act\":\"silu\",\"hidden_size\":896,\"initializer_range\":0.02,\"intermediate_size\""
     ":4864,\"is_decoder\":false,\"is_encoder_decoder\":false,\"length_penalty\":1.0,\"max_len"
     "gth\":20,\"max_position_embeddings\":32768,\"max_window_layers\":24,\"min_length\":0,\"m"
     "odel_type\":\"qwen2\",\"no_repeat_ngram_size\":0,\"num_attention_heads\":14,\"num_beam_g"
     "roups\":1,\"num_beams\":1,\"num_hidden_layers\":24,\"num_key_value_heads\":2,\"num_retur"
     "n_sequences\":1,\"output_attentions\":false,\"output_hidden_states\":false,\"output_scor"
     "es\":false,\"pad_token_id\":null,\"prefix\":null,\"problem_type\":null,\"pruned_heads\":"
     "{},\"remove_invalid_values\":false,\"repetition_penalty\":1.0,\"return_dict\":true,\"ret"
     "urn_dict_in_generate\":false,\"rms_norm_eps\":1e-06,\"rope_theta\":1000000.0,\"sep_token"
     "_id\":null,\"sliding_window\":32768,\"temperature\":1.0,\"tf_legacy_loss\":false,\"tie_e"
     "ncoder_decoder\":false,\"tie_word_embeddings\":true,\"tokenizer_class\":null,\"top_k\":5"
     "0,\"top_p\":1.0,\"torch_dtype\":\"bfloat16\",\"torchscript\":false,\"transformers_versio"
     "n\":\"4.37.2\",\"typical_p\":1.0,\"use_bfloat16\":true,\"use_cache\":true,\"use_sliding_"
     "window\":false,\"vocab_size\":151655},\"max_dynamic_patch\":12,\"min_dynamic_patch\":1,"
     "\"model_type\":\"internvl_chat\",\"ps_version\":\"v2\",\"select_layer\":-1,\"template\":"
     "\"Hermes-2\",\"torch_dtype\":\"bfloat16\",\"use_backbone_lora\":0,\"use_llm_lora\":0,\"us"
     "e_thumbnail\":true,\"vision_config\":{\"architectures\":[\"InternVisionModel\"],\"attent"
     "ion_dropout\":0.0,\"drop_path_rate\":0.0,\"dropout\":0.0,\"hidden_act\":\"gelu\",\"hidde"
     "n_size\":1024,\"image_size\":448,\"initializer_factor\":1.0,\"initializer_range\":0.02,"
     "\"intermediate_size\":4096,\"layer_norm_eps\":1e-06,\"model_type\":\"intern_vit_6b\",\"no"
     "rm_type\":\"layer_norm\",\"num_attention_heads\":16,\"num_channels\":3,\"num_hidden_laye"
     "rs\":24,\"output_attentions\":false,\"output_hidden_states\":false,\"patch_size\":14,\"q"
     "k_normalization\":false,\"qkv_bias\":true,\"return_dict\":true,\"torch_dtype\":\"bfloat1"
     "6\",\"transformers_version\":\"4.37.2\",\"use_bfloat16\":true,\"use_flash_attn\":false}}"},
    /* ai-dynamo/aiconfigurator .../openai--gpt-oss-20b_config.json @095f58a51c4ca8e61b66ec108d86f223f8d559ce */
    {"openai/gpt-oss-20b", "gpt-oss-20b",
     "{\"architectures\":[\"GptOssForCausalLM\"],\"attention_bias\":true,\"attention_dropout\""
     ":0.0,\"eos_token_id\":200002,\"experts_per_token\":4,\"head_dim\":64,\"hidden_act\":\"si"
     "lu\",\"hidden_size\":2880,\"initial_context_length\":4096,\"initializer_range\":0.02,\"i"
     "ntermediate_size\":2880,\"layer_types\":[\"sliding_attention\",\"full_attention\",\"slid"
     "ing_attention\",\"full_attention\",\"sliding_attention\",\"full_attention\",\"sliding_at"
     "tention\",\"full_attention\",\"sliding_attention\",\"full_attention\",\"sliding_attentio"
     "n\",\"full_attention\",\"sliding_attention\",\"full_attention\",\"sliding_attention\",\""
     "full_attention\",\"sliding_attention\",\"full_attention\",\"sliding_attention\",\"full_a"
     "ttention\",\"sliding_attention\",\"full_attention\",\"sliding_attention\",\"full_attenti"
     "on\"],\"max_position_embeddings\":131072,\"model_type\":\"gpt_oss\",\"num_attention_head"
     "s\":64,\"num_experts_per_tok\":4,\"num_hidden_layers\":24,\"num_key_value_heads\":8,\"nu"
     "m_local_experts\":32,\"output_router_logits\":false,\"pad_token_id\":199999,\"quantizati"
     "on_config\":{\"quant_method\":\"mxfp4\"},\"rms_norm_eps\":1e-05,\"rope_scaling\":{\"beta"
     "_fast\":32.0,\"beta_slow\":1.0,\"factor\":32.0,\"original_max_position_embeddings\":4096"
     ",\"rope_type\":\"yarn\",\"truncate\":false},\"rope_theta\":150000,\"router_aux_loss_coef"
     "\":0.9,\"sliding_window\":128,\"swiglu_limit\":7.0,\"tie_word_embeddings\":false,\"trans"
     "formers_version\":\"4.55.0.dev0\",\"use_cache\":true,\"vocab_size\":201088}"},
    /* ai-dynamo/aiconfigurator .../openai--gpt-oss-120b_config.json @095f58a51c4ca8e61b66ec108d86f223f8d559ce */
    {"openai/gpt-oss-120b", "gpt-oss-120b",
     "{\"architectures\":[\"GptOssForCausalLM\"],\"attention_bias\":true,\"attention_dropout\""
     ":0.0,\"eos_token_id\":200002,\"experts_per_token\":4,\"head_dim\":64,\"hidden_act\":\"si"
     "lu\",\"hidden_size\":2880,\"initial_context_length\":4096,\"initializer_range\":0.02,\"i"
     "ntermediate_size\":2880,\"layer_types\":[\"sliding_attention\",\"full_attention\",\"slid"
     "ing_attention\",\"full_attention\",\"sliding_attention\",\"full_attention\",\"sliding_at"
     "tention\",\"full_attention\",\"sliding_attention\",\"full_attention\",\"sliding_attentio"
     "n\",\"full_attention\",\"sliding_attention\",\"full_attention\",\"sliding_attention\",\""
     "full_attention\",\"sliding_attention\",\"full_attention\",\"sliding_attention\",\"full_a"
     "ttention\",\"sliding_attention\",\"full_attention\",\"sliding_attention\",\"full_attenti"
     "on\",\"sliding_attention\",\"full_attention\",\"sliding_attention\",\"full_attention\","
     "\"sliding_attention\",\"full_attention\",\"sliding_attention\",\"full_attention\",\"slidi"
     "ng_attention\",\"full_attention\",\"sliding_attention\",\"full_attention\"],\"max_positi"
     "on_embeddings\":131072,\"model_type\":\"gpt_oss\",\"num_attention_heads\":64,\"num_exper"
     "ts_per_tok\":4,\"num_hidden_layers\":36,\"num_key_value_heads\":8,\"num_local_experts\":"
     "128,\"output_router_logits\":false,\"pad_token_id\":199999,\"quantization_config\":{\"qu"
     "ant_method\":\"mxfp4\"},\"rms_norm_eps\":1e-05,\"rope_scaling\":{\"beta_fast\":32.0,\"be"
     "ta_slow\":1.0,\"factor\":32.0,\"original_max_position_embeddings\":4096,\"rope_type\":\""
     "yarn\",\"truncate\":false},\"rope_theta\":150000,\"router_aux_loss_coef\":0.9,\"sliding_"
     "window\":128,\"swiglu_limit\":7.0,\"tie_word_embeddings\":false,\"transformers_version\""
     ":\"4.55.0.dev0\",\"use_cache\":true,\"vocab_size\":201088}"},
};

#define N_PRESETS (sizeof presets / sizeof presets[0])

/* Closed models: no public architecture. Matched at the start of the name
 * or after an organisation prefix ("openai/gpt-4o"). */
static const char *const closed[] = {"gpt-3.5", "gpt-35", "gpt-4", "gpt-4o", "gpt-5", "chatgpt",
                                     "o1", "o3", "o4", "claude", "gemini", "palm", "bard"};

VRAM_API uint32_t vram_preset_count(void)
{
    return (uint32_t)N_PRESETS;
}

VRAM_API const char *vram_preset_id(uint32_t index)
{
    return index < N_PRESETS ? presets[index].id : NULL;
}

VRAM_API const char *vram_preset_aliases(uint32_t index)
{
    return index < N_PRESETS ? presets[index].aliases : NULL;
}

/* vram__name_eq over one alias of a comma-separated list. */
static bool alias_match(const char *list, const char *name)
{
    char one[64];
    while (*list) {
        const char *comma = strchr(list, ',');
        size_t n = comma ? (size_t)(comma - list) : strlen(list);
        if (n < sizeof one) {
            memcpy(one, list, n);
            one[n] = '\0';
            if (vram__name_eq(one, name))
                return true;
        }
        list += n + (comma != NULL);
    }
    return false;
}

/* The part of a model name that identifies the weights: without the
 * organisation ("meta-llama/") and without the "-hf" suffix of converted
 * checkpoints, so "meta-llama/Llama-2-7b" (the seed API's example) finds
 * meta-llama/Llama-2-7b-hf. */
static void core_name(const char *name, char *out, size_t cap)
{
    const char *slash = strrchr(name, '/');
    snprintf(out, cap, "%s", slash ? slash + 1 : name);
    size_t n = strlen(out);
    if (n > 3 && out[n - 3] == '-' && (out[n - 2] | 0x20) == 'h' && (out[n - 1] | 0x20) == 'f')
        out[n - 3] = '\0';
}

static int fold(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c == '_' || c == ' ' || c == '.' ? '-' : c;
}

/* name (folded) starts with prefix at position 0 or right after a '/'. */
static bool closed_name(const char *name)
{
    const char *slash = strrchr(name, '/');
    const char *tail = slash ? slash + 1 : name;
    for (size_t i = 0; i < sizeof closed / sizeof closed[0]; i++) {
        const char *p = closed[i], *s = tail;
        while (*p && fold((unsigned char)*s) == fold((unsigned char)*p)) {
            p++;
            s++;
        }
        /* a whole token: "palm" must not match "palmyra", "o3" not "o3mini-oss" */
        if (!*p && (!*s || *s == '-' || *s == '_' || *s == ' ' || *s == '.' ||
                    (*s >= '0' && *s <= '9')))
            return true;
    }
    return false;
}

VRAM_API vram_status vram_model_from_preset(const char *name, vram_model **out)
{
    if (!out)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_from_preset: out is NULL");
    *out = NULL;
    if (!name)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_from_preset: name is NULL");
    /* an id or alias as given; else the same weights named without the
     * organisation or the "-hf" suffix */
    char want[VRAM__NAME_MAX], have[VRAM__NAME_MAX];
    core_name(name, want, sizeof want);
    size_t found = N_PRESETS;
    for (size_t i = 0; i < N_PRESETS && found == N_PRESETS; i++)
        if (vram__name_eq(presets[i].id, name) || alias_match(presets[i].aliases, name))
            found = i;
    for (size_t i = 0; i < N_PRESETS && found == N_PRESETS; i++) {
        core_name(presets[i].id, have, sizeof have);
        if (vram__name_eq(have, want) || alias_match(presets[i].aliases, want))
            found = i;
    }
    if (found < N_PRESETS) {
        const preset *p = &presets[found];
        char what[VRAM__NAME_MAX + 16];
        snprintf(what, sizeof what, "preset %s", p->id);
        vram_model *m = NULL;
        vram_status st = vram__model_from_hf_json(p->config, strlen(p->config), what, &m);
        if (st != VRAM_OK)
            return st;
        snprintf(m->name, sizeof m->name, "%s", p->id);
        *out = m;
        return VRAM_OK;
    }
    if (closed_name(name))
        return vram__fail(VRAM_E_NOT_FOUND, "\"%s\" is a closed model: its architecture is not "
                          "public; give its size with params_billions "
                          "(vram_model_from_param_count)", name);
    return vram__fail(VRAM_E_NOT_FOUND, "unknown model \"%s\": not in the catalog of %u presets "
                      "(vram_preset_id lists them); use its config.json, a GGUF or safetensors "
                      "file, or vram_model_from_param_count", name, (unsigned)N_PRESETS);
}

/*
 * An architecture from a parameter count alone.
 *
 * From 1e9 parameters on, the widths are those of the published Llama model
 * nearest in log(parameters) (the catalog's configs):
 *
 *   model             layers hidden heads kv   MLP    vocab   tied  parameters
 *   Llama-3.2-1B          16   2048    32   8   8192  128256  yes   1,235,814,400
 *   Llama-3.2-3B          28   3072    24   8   8192  128256  yes   3,212,749,824
 *   Llama-3.1-8B          32   4096    32   8  14336  128256  no    8,030,261,248
 *   Llama-2-13B           40   5120    40  40  13824   32000  no   13,015,864,320
 *   Llama-3.1-70B         80   8192    64   8  28672  128256  no   70,553,706,496
 *   Llama-3.1-405B       126  16384   128   8  53248  128256  no  405,853,388,800
 *
 * and the depth is what makes the count: L = round((P - embeddings - head -
 * final norm) / parameters per layer), 1 <= L <= 1024. Below 1e9 the Llama
 * widths are too wide, so the shape is scaled: head dim 64, hidden h = 64 L
 * (the aspect ratio of GPT-2 small, 768 / 12), as many KV heads as heads, a
 * gated MLP of round(8h/3) to a multiple of 64 (Llama's 2/3 of 4h), a tied
 * vocabulary of at most 32000 rows and at most a quarter of the parameters
 * (a multiple of 64, at least 256); L is the depth whose count comes
 * closest. In every case PARAMS_OVERRIDE holds the exact rounded count (the
 * estimate prices the difference to the shapes as linear weights) and the
 * model is marked estimated (VRAM_WARN_ARCH_ESTIMATED).
 */
typedef struct anchor {
    uint32_t layers, hidden, heads, kv, inter, vocab, head_dim;
    bool tie;
} anchor;

static const anchor anchors[] = {
    {16, 2048, 32, 8, 8192, 128256, 64, true},
    {28, 3072, 24, 8, 8192, 128256, 128, true},
    {32, 4096, 32, 8, 14336, 128256, 128, false},
    {40, 5120, 40, 40, 13824, 32000, 128, false},
    {80, 8192, 64, 8, 28672, 128256, 128, false},
    {126, 16384, 128, 8, 53248, 128256, 128, false},
};

static uint64_t anchor_layer(const anchor *a)
{
    uint64_t h = a->hidden, d = a->head_dim;
    return h * (a->heads * d) * 2 + h * (a->kv * d) * 2 + 3 * h * a->inter + 2 * h;
}

static uint64_t anchor_outer(const anchor *a)
{
    return (uint64_t)a->vocab * a->hidden * (a->tie ? 1 : 2) + a->hidden;
}

/* The small-model rule: parameters of depth L (see above). */
static uint64_t small_shape(uint64_t P, uint64_t L, uint64_t *h, uint64_t *I, uint64_t *V)
{
    *h = 64 * L;
    *I = (8 * *h / 3 + 32) / 64 * 64;
    uint64_t v = P / 4 / *h;
    if (v > 32000)
        v = 32000;
    v = v / 64 * 64;
    *V = v < 256 ? 256 : v;
    return L * (4 * *h * *h + 3 * *h * *I + 2 * *h) + *V * *h + *h;
}

VRAM_API vram_status vram_model_from_param_count(double params, vram_model **out)
{
    if (!out)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_from_param_count: out is NULL");
    *out = NULL;
    if (isnan(params) || isinf(params) || params < 1e6 || params > 1e13)
        return vram__fail(VRAM_E_RANGE, "params must be a number in [1e6, 1e13], got %s",
                          isnan(params) ? "NaN" : isinf(params) ? "infinity"
                          : params < 1e6 ? "less than 1e6" : "more than 1e13");
    uint64_t P = (uint64_t)llround(params);
    uint64_t L, h, a, k, I, V, d;
    bool tie;
    if (P >= UINT64_C(1000000000)) {
        const anchor *best = &anchors[0];
        double bd = INFINITY;
        for (size_t i = 0; i < sizeof anchors / sizeof anchors[0]; i++) {
            double p = (double)(anchor_outer(&anchors[i]) + anchors[i].layers * anchor_layer(&anchors[i]));
            double dist = fabs(log((double)P / p));
            if (dist < bd) {
                bd = dist;
                best = &anchors[i];
            }
        }
        uint64_t outer = anchor_outer(best), per = anchor_layer(best);
        L = P > outer ? (P - outer + per / 2) / per : 1;
        L = L < 1 ? 1 : L > VRAM__MAX_LAYERS ? VRAM__MAX_LAYERS : L;
        h = best->hidden, a = best->heads, k = best->kv, I = best->inter, V = best->vocab;
        d = best->head_dim, tie = best->tie;
    } else {
        uint64_t bestL = 1, bestdiff = UINT64_MAX;
        for (uint64_t l = 1; l <= 64; l++) {
            uint64_t hh, ii, vv, p = small_shape(P, l, &hh, &ii, &vv);
            uint64_t diff = p > P ? p - P : P - p;
            if (diff < bestdiff) {
                bestdiff = diff;
                bestL = l;
            }
        }
        L = bestL;
        small_shape(P, L, &h, &I, &V);
        d = 64, a = h / 64, k = a, tie = true;
    }
    vram_model *m = NULL;
    vram_status st = vram_model_create(&m);
    if (st != VRAM_OK)
        return st;
    const struct {
        vram_model_key key;
        uint64_t v;
    } keys[] = {
        {VRAM_MODEL_NUM_LAYERS, L}, {VRAM_MODEL_HIDDEN_SIZE, h}, {VRAM_MODEL_NUM_HEADS, a},
        {VRAM_MODEL_NUM_KV_HEADS, k}, {VRAM_MODEL_HEAD_DIM, d}, {VRAM_MODEL_INTERMEDIATE_SIZE, I},
        {VRAM_MODEL_VOCAB_SIZE, V}, {VRAM_MODEL_TIE_WORD_EMBEDDINGS, tie},
        {VRAM_MODEL_PARAMS_OVERRIDE, P},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if ((st = vram__model_set_nd(m, keys[i].key, keys[i].v)) != VRAM_OK) {
            vram_model_destroy(m);
            return st;
        }
    }
    vram__model_mark_estimated(m);
    snprintf(m->name, sizeof m->name, "estimated from %llu parameters", (unsigned long long)P);
    vram__model_derive(m);
    if (m->derived_status != VRAM_OK) {
        st = vram__fail_msg(m->derived_status, m->derived_msg);
        vram_model_destroy(m);
        return st;
    }
    *out = m;
    return VRAM_OK;
}
