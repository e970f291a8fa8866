/*
 * names.c - string names of enum values, shared by the setters that take
 * text (vram_config_set_str, vram_model_set_str), the JSON API and the CLI.
 * Tables are data (static const), one row per value.
 */
#include "vram_private.h"

#include <string.h>

#define TABLE(id, ...)                                                         \
    static const vram__enum_entry id##_e[] = {__VA_ARGS__};                    \
    const vram__enum_table vram__enum_##id = {id##_e, sizeof id##_e / sizeof id##_e[0]}

/* The first row of each value is its canonical name; later rows are aliases. */
TABLE(mode, {"inference", VRAM_MODE_INFERENCE}, {"full_ft", VRAM_MODE_FULL_FT},
      {"lora", VRAM_MODE_LORA}, {"qlora", VRAM_MODE_QLORA}, {"full", VRAM_MODE_FULL_FT},
      {"full_finetune", VRAM_MODE_FULL_FT});

TABLE(engine, {"transformers", VRAM_ENGINE_TRANSFORMERS}, {"vllm", VRAM_ENGINE_VLLM},
      {"llama.cpp", VRAM_ENGINE_LLAMA_CPP}, {"hf", VRAM_ENGINE_TRANSFORMERS},
      {"llamacpp", VRAM_ENGINE_LLAMA_CPP}, {"llama_cpp", VRAM_ENGINE_LLAMA_CPP});

TABLE(dtype, {"auto", VRAM_DTYPE_AUTO}, {"float32", VRAM_DTYPE_F32}, {"float16", VRAM_DTYPE_F16},
      {"bfloat16", VRAM_DTYPE_BF16}, {"fp8_e4m3", VRAM_DTYPE_FP8_E4M3},
      {"fp8_e5m2", VRAM_DTYPE_FP8_E5M2}, {"int8", VRAM_DTYPE_INT8}, {"int4", VRAM_DTYPE_INT4},
      {"q8_0", VRAM_DTYPE_Q8_0}, {"q4_0", VRAM_DTYPE_Q4_0}, {"q4_1", VRAM_DTYPE_Q4_1},
      {"q5_0", VRAM_DTYPE_Q5_0}, {"q5_1", VRAM_DTYPE_Q5_1}, {"iq4_nl", VRAM_DTYPE_IQ4_NL},
      {"fp32", VRAM_DTYPE_F32}, {"f32", VRAM_DTYPE_F32}, {"float", VRAM_DTYPE_F32},
      {"fp16", VRAM_DTYPE_F16}, {"f16", VRAM_DTYPE_F16}, {"half", VRAM_DTYPE_F16},
      {"bf16", VRAM_DTYPE_BF16}, {"fp8", VRAM_DTYPE_FP8_E4M3}, {"float8", VRAM_DTYPE_FP8_E4M3},
      {"float8_e4m3fn", VRAM_DTYPE_FP8_E4M3}, {"e4m3", VRAM_DTYPE_FP8_E4M3},
      {"float8_e5m2", VRAM_DTYPE_FP8_E5M2}, {"e5m2", VRAM_DTYPE_FP8_E5M2},
      {"i8", VRAM_DTYPE_INT8}, {"i4", VRAM_DTYPE_INT4});

TABLE(quant, {"auto", VRAM_QUANT_AUTO}, {"none", VRAM_QUANT_NONE}, {"gptq", VRAM_QUANT_GPTQ},
      {"awq", VRAM_QUANT_AWQ}, {"nf4", VRAM_QUANT_BNB_NF4}, {"fp4", VRAM_QUANT_BNB_FP4},
      {"int8", VRAM_QUANT_BNB_INT8}, {"fp8", VRAM_QUANT_FP8}, {"mxfp4", VRAM_QUANT_MXFP4},
      {"int", VRAM_QUANT_INT}, {"gguf", VRAM_QUANT_GGUF}, {"bnb_nf4", VRAM_QUANT_BNB_NF4},
      {"bnb_fp4", VRAM_QUANT_BNB_FP4}, {"llm.int8", VRAM_QUANT_BNB_INT8},
      {"bnb_int8", VRAM_QUANT_BNB_INT8}, {"bitsandbytes_8bit", VRAM_QUANT_BNB_INT8},
      {"bitsandbytes_4bit", VRAM_QUANT_BNB_NF4}, {"compressed-tensors", VRAM_QUANT_INT},
      {"null", VRAM_QUANT_NONE});

TABLE(gguf_ftype, {"F32", VRAM_GGUF_F32}, {"F16", VRAM_GGUF_F16}, {"Q4_0", VRAM_GGUF_Q4_0},
      {"Q4_1", VRAM_GGUF_Q4_1}, {"Q8_0", VRAM_GGUF_Q8_0}, {"Q5_0", VRAM_GGUF_Q5_0},
      {"Q5_1", VRAM_GGUF_Q5_1}, {"Q2_K", VRAM_GGUF_Q2_K}, {"Q3_K_S", VRAM_GGUF_Q3_K_S},
      {"Q3_K_M", VRAM_GGUF_Q3_K_M}, {"Q3_K_L", VRAM_GGUF_Q3_K_L}, {"Q4_K_S", VRAM_GGUF_Q4_K_S},
      {"Q4_K_M", VRAM_GGUF_Q4_K_M}, {"Q5_K_S", VRAM_GGUF_Q5_K_S}, {"Q5_K_M", VRAM_GGUF_Q5_K_M},
      {"Q6_K", VRAM_GGUF_Q6_K}, {"IQ4_NL", VRAM_GGUF_IQ4_NL}, {"IQ4_XS", VRAM_GGUF_IQ4_XS},
      {"BF16", VRAM_GGUF_BF16}, {"Q3_K", VRAM_GGUF_Q3_K_M}, {"Q4_K", VRAM_GGUF_Q4_K_M},
      {"Q5_K", VRAM_GGUF_Q5_K_M}, {"MXFP4_MOE", VRAM_GGUF_MXFP4_MOE}, {"MXFP4", VRAM_GGUF_MXFP4_MOE});

TABLE(attention, {"auto", VRAM_ATTN_AUTO}, {"eager", VRAM_ATTN_EAGER}, {"sdpa", VRAM_ATTN_SDPA},
      {"flash", VRAM_ATTN_FLASH}, {"flash_attention_2", VRAM_ATTN_FLASH},
      {"flash_attention_3", VRAM_ATTN_FLASH}, {"fa2", VRAM_ATTN_FLASH});

TABLE(logits, {"last", VRAM_LOGITS_LAST}, {"all", VRAM_LOGITS_ALL});

TABLE(precision, {"fp32", VRAM_PREC_FP32}, {"amp_bf16", VRAM_PREC_AMP_BF16},
      {"amp_fp16", VRAM_PREC_AMP_FP16}, {"bf16_master", VRAM_PREC_BF16_MASTER},
      {"fp16_master", VRAM_PREC_FP16_MASTER}, {"bf16_pure", VRAM_PREC_BF16_PURE},
      {"float32", VRAM_PREC_FP32}, {"mixed", VRAM_PREC_BF16_MASTER},
      {"pure_bf16", VRAM_PREC_BF16_PURE}, {"bf16", VRAM_PREC_BF16_PURE});

TABLE(optimizer, {"adamw", VRAM_OPT_ADAMW}, {"adamw_8bit", VRAM_OPT_ADAMW_8BIT},
      {"paged_adamw_8bit", VRAM_OPT_PAGED_ADAMW_8BIT},
      {"paged_adamw_32bit", VRAM_OPT_PAGED_ADAMW_32BIT}, {"adafactor", VRAM_OPT_ADAFACTOR},
      {"sgd", VRAM_OPT_SGD}, {"sgd_momentum", VRAM_OPT_SGD_MOMENTUM}, {"lion", VRAM_OPT_LION},
      {"adafactor_momentum", VRAM_OPT_ADAFACTOR_MOMENTUM}, {"adam", VRAM_OPT_ADAMW},
      {"adamw_torch", VRAM_OPT_ADAMW}, {"adamw_torch_fused", VRAM_OPT_ADAMW},
      {"adamw_bnb_8bit", VRAM_OPT_ADAMW_8BIT}, {"adam_8bit", VRAM_OPT_ADAMW_8BIT},
      {"paged_adamw", VRAM_OPT_PAGED_ADAMW_32BIT});

TABLE(mlp, {"gated", VRAM_MLP_GATED}, {"plain", VRAM_MLP_PLAIN});

TABLE(norm, {"rmsnorm", VRAM_NORM_RMS}, {"layernorm", VRAM_NORM_LAYER},
      {"layernorm_nobias", VRAM_NORM_LAYER_NO_BIAS}, {"nonparametric", VRAM_NORM_NONPARAM});

TABLE(family, {"llama", VRAM_FAMILY_LLAMA}, {"mixtral", VRAM_FAMILY_MIXTRAL},
      {"gpt2", VRAM_FAMILY_GPT2}, {"gptj", VRAM_FAMILY_GPTJ}, {"gpt_neox", VRAM_FAMILY_GPT_NEOX},
      {"falcon", VRAM_FAMILY_FALCON}, {"mpt", VRAM_FAMILY_MPT}, {"phi3", VRAM_FAMILY_PHI3},
      {"qwen", VRAM_FAMILY_QWEN1}, {"deepseek", VRAM_FAMILY_DEEPSEEK}, {"phi", VRAM_FAMILY_PHI},
      {"gpt_oss", VRAM_FAMILY_GPT_OSS});

TABLE(module, {"q_proj", VRAM_MODULE_Q_PROJ}, {"k_proj", VRAM_MODULE_K_PROJ},
      {"v_proj", VRAM_MODULE_V_PROJ}, {"o_proj", VRAM_MODULE_O_PROJ},
      {"gate_proj", VRAM_MODULE_GATE_PROJ}, {"up_proj", VRAM_MODULE_UP_PROJ},
      {"down_proj", VRAM_MODULE_DOWN_PROJ}, {"qkv_proj", VRAM_MODULE_QKV_PROJ},
      {"gate_up_proj", VRAM_MODULE_GATE_UP_PROJ}, {"c_attn", VRAM_MODULE_C_ATTN},
      {"c_proj", VRAM_MODULE_C_PROJ}, {"c_fc", VRAM_MODULE_C_FC},
      {"query_key_value", VRAM_MODULE_QUERY_KEY_VALUE}, {"dense", VRAM_MODULE_DENSE},
      {"dense_h_to_4h", VRAM_MODULE_DENSE_H_TO_4H}, {"dense_4h_to_h", VRAM_MODULE_DENSE_4H_TO_H},
      {"out_proj", VRAM_MODULE_OUT_PROJ}, {"fc_in", VRAM_MODULE_FC_IN},
      {"fc_out", VRAM_MODULE_FC_OUT}, {"Wqkv", VRAM_MODULE_WQKV}, {"w1", VRAM_MODULE_W1},
      {"w2", VRAM_MODULE_W2}, {"w3", VRAM_MODULE_W3}, {"q_a_proj", VRAM_MODULE_Q_A_PROJ},
      {"q_b_proj", VRAM_MODULE_Q_B_PROJ}, {"kv_a_proj_with_mqa", VRAM_MODULE_KV_A_PROJ},
      {"kv_b_proj", VRAM_MODULE_KV_B_PROJ}, {"gate", VRAM_MODULE_GATE},
      {"fc1", VRAM_MODULE_FC1}, {"fc2", VRAM_MODULE_FC2},
      {"embed_tokens", VRAM_MODULE_EMBED_TOKENS}, {"lm_head", VRAM_MODULE_LM_HEAD},
      {"shared_expert_gate", VRAM_MODULE_SHARED_EXPERT_GATE},
      {"wte", VRAM_MODULE_EMBED_TOKENS}, {"word_embeddings", VRAM_MODULE_EMBED_TOKENS},
      {"embed_in", VRAM_MODULE_EMBED_TOKENS}, {"embed_out", VRAM_MODULE_LM_HEAD});

static int fold(int ch)
{
    if (ch >= 'A' && ch <= 'Z')
        return ch - 'A' + 'a';
    if (ch == '-' || ch == ' ' || ch == '.')
        return '_';
    return ch;
}

bool vram__name_eq(const char *a, const char *b)
{
    for (;; a++, b++) {
        int x = fold((unsigned char)*a), y = fold((unsigned char)*b);
        if (x != y)
            return false;
        if (x == 0)
            return true;
    }
}

bool vram__parse_u64(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    if (!s || !*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        if (!vram__mul(v, 10, &v) || !vram__add(v, (uint64_t)(*s - '0'), &v))
            return false;
    }
    *out = v;
    return true;
}

bool vram__enum_lookup(const vram__enum_table *t, const char *name, uint64_t *out)
{
    for (uint32_t i = 0; i < t->n; i++) {
        if (vram__name_eq(t->e[i].name, name)) {
            *out = t->e[i].value;
            return true;
        }
    }
    return false;
}

const char *vram__enum_str(const vram__enum_table *t, uint64_t value)
{
    for (uint32_t i = 0; i < t->n; i++)
        if (t->e[i].value == value)
            return t->e[i].name;
    return NULL;
}

const vram__enum_table *vram__config_enum(vram_config_key key)
{
    switch (key) {
    case VRAM_CFG_ENGINE: return &vram__enum_engine;
    case VRAM_CFG_DTYPE: case VRAM_CFG_KV_DTYPE: case VRAM_CFG_LORA_DTYPE:
    case VRAM_CFG_TYPE_K: case VRAM_CFG_TYPE_V:
        return &vram__enum_dtype;
    case VRAM_CFG_QUANT: return &vram__enum_quant;
    case VRAM_CFG_GGUF_FTYPE: return &vram__enum_gguf_ftype;
    case VRAM_CFG_ATTENTION: return &vram__enum_attention;
    case VRAM_CFG_LOGITS: return &vram__enum_logits;
    case VRAM_CFG_PRECISION: return &vram__enum_precision;
    case VRAM_CFG_OPTIMIZER: return &vram__enum_optimizer;
    default: return NULL;
    }
}

const vram__enum_table *vram__model_enum(vram_model_key key)
{
    switch (key) {
    case VRAM_MODEL_WEIGHT_DTYPE: return &vram__enum_dtype;
    case VRAM_MODEL_QUANT: return &vram__enum_quant;
    case VRAM_MODEL_FAMILY: return &vram__enum_family;
    case VRAM_MODEL_MLP_KIND: return &vram__enum_mlp;
    case VRAM_MODEL_NORM_KIND: return &vram__enum_norm;
    default: return NULL;
    }
}

VRAM_API const char *vram_config_enum_name(vram_config_key key, uint64_t value)
{
    const vram__enum_table *t = vram__config_enum(key);
    return t ? vram__enum_str(t, value) : NULL;
}

VRAM_API const char *vram_model_enum_name(vram_model_key key, uint64_t value)
{
    const vram__enum_table *t = vram__model_enum(key);
    return t ? vram__enum_str(t, value) : NULL;
}
