/*
 * model.c - the vram_model handle: keys, validation, per-layer patterns and
 * derived counts.
 *
 * Every setter validates its value against the key table below and then
 * recomputes the derived fields (vram__model_derive), so estimates read
 * precomputed constants and const handles stay read-only and thread-safe.
 */
#include "vram_private.h"

#include <stdlib.h>
#include <string.h>

#define U20 (UINT64_C(1) << 20)
#define U16 (UINT64_C(1) << 16)
#define U24 (UINT64_C(1) << 24)
#define U32 (UINT64_C(1) << 32)
#define U44 (UINT64_C(1) << 44)

typedef struct mkey {
    vram_model_key key;
    uint8_t slot;
    const char *name;
    uint64_t min, max, def;
    const vram__enum_table *en;   /* enum-valued keys */
} mkey;

/* One row per key: slot, name, accepted range, default. Data, not code. */
static const mkey mkeys[] = {
    {VRAM_MODEL_NUM_LAYERS, VRAM__M_NUM_LAYERS, "num_layers", 1, VRAM__MAX_LAYERS, 0, NULL},
    {VRAM_MODEL_HIDDEN_SIZE, VRAM__M_HIDDEN, "hidden_size", 1, U20, 0, NULL},
    {VRAM_MODEL_NUM_HEADS, VRAM__M_HEADS, "num_heads", 1, U16, 0, NULL},
    {VRAM_MODEL_NUM_KV_HEADS, VRAM__M_KV_HEADS, "num_kv_heads", 0, U16, 0, NULL},
    {VRAM_MODEL_HEAD_DIM, VRAM__M_HEAD_DIM, "head_dim", 0, U16, 0, NULL},
    {VRAM_MODEL_INTERMEDIATE_SIZE, VRAM__M_INTERMEDIATE, "intermediate_size", 0, U24, 0, NULL},
    {VRAM_MODEL_VOCAB_SIZE, VRAM__M_VOCAB, "vocab_size", 1, U24, 0, NULL},
    {VRAM_MODEL_TIE_WORD_EMBEDDINGS, VRAM__M_TIE, "tie_word_embeddings", 0, 1, 0, NULL},
    {VRAM_MODEL_MAX_POSITION_EMBEDDINGS, VRAM__M_MAX_POS, "max_position_embeddings", 0, U32, 0, NULL},
    {VRAM_MODEL_V_HEAD_DIM, VRAM__M_V_HEAD_DIM, "v_head_dim", 0, U16, 0, NULL},
    {VRAM_MODEL_LEARNED_POSITIONS, VRAM__M_LEARNED_POS, "learned_positions", 0, U24, 0, NULL},
    {VRAM_MODEL_FAMILY, VRAM__M_FAMILY, "family", 1, 12, VRAM_FAMILY_LLAMA, &vram__enum_family},
    {VRAM_MODEL_MLP_KIND, VRAM__M_MLP, "mlp", 1, 2, VRAM_MLP_GATED, &vram__enum_mlp},
    {VRAM_MODEL_NORM_KIND, VRAM__M_NORM, "norm", 1, 4, VRAM_NORM_RMS, &vram__enum_norm},
    {VRAM_MODEL_NORMS_PER_LAYER, VRAM__M_NORMS_PER_LAYER, "norms_per_layer", 0, 8, 2, NULL},
    {VRAM_MODEL_QKV_BIAS, VRAM__M_QKV_BIAS, "qkv_bias", 0, 1, 0, NULL},
    {VRAM_MODEL_O_BIAS, VRAM__M_O_BIAS, "o_bias", 0, 1, 0, NULL},
    {VRAM_MODEL_MLP_BIAS, VRAM__M_MLP_BIAS, "mlp_bias", 0, 1, 0, NULL},
    {VRAM_MODEL_QK_NORM, VRAM__M_QK_NORM, "qk_norm", 0, 2, 0, NULL},
    {VRAM_MODEL_PARALLEL_ATTN, VRAM__M_PARALLEL_ATTN, "parallel_attn", 0, 1, 0, NULL},
    {VRAM_MODEL_LM_HEAD_BIAS, VRAM__M_LM_HEAD_BIAS, "lm_head_bias", 0, 1, 0, NULL},
    {VRAM_MODEL_FUSED_QKV, VRAM__M_FUSED_QKV, "fused_qkv", 0, 1, 0, NULL},
    {VRAM_MODEL_FUSED_GATE_UP, VRAM__M_FUSED_GATE_UP, "fused_gate_up", 0, 1, 0, NULL},
    {VRAM_MODEL_FINAL_NORM, VRAM__M_FINAL_NORM, "final_norm", 0, 1, 1, NULL},
    {VRAM_MODEL_NUM_EXPERTS, VRAM__M_EXPERTS, "num_experts", 0, U16, 0, NULL},
    {VRAM_MODEL_EXPERTS_PER_TOKEN, VRAM__M_EXPERTS_PER_TOKEN, "experts_per_token", 0, U16, 0, NULL},
    {VRAM_MODEL_MOE_INTERMEDIATE_SIZE, VRAM__M_MOE_INTERMEDIATE, "moe_intermediate_size", 0, U24, 0, NULL},
    {VRAM_MODEL_NUM_SHARED_EXPERTS, VRAM__M_SHARED_EXPERTS, "num_shared_experts", 0, 256, 0, NULL},
    {VRAM_MODEL_SHARED_INTERMEDIATE_SIZE, VRAM__M_SHARED_INTERMEDIATE, "shared_intermediate_size", 0, U24, 0, NULL},
    {VRAM_MODEL_FIRST_K_DENSE, VRAM__M_FIRST_K_DENSE, "first_k_dense", 0, VRAM__MAX_LAYERS, 0, NULL},
    {VRAM_MODEL_MOE_LAYER_STEP, VRAM__M_MOE_STEP, "moe_layer_step", 1, VRAM__MAX_LAYERS, 1, NULL},
    {VRAM_MODEL_ROUTER_BIAS, VRAM__M_ROUTER_BIAS, "router_bias", 0, 1, 0, NULL},
    {VRAM_MODEL_SHARED_EXPERT_GATE, VRAM__M_SHARED_EXPERT_GATE, "shared_expert_gate", 0, 1, 0, NULL},
    {VRAM_MODEL_Q_LORA_RANK, VRAM__M_Q_LORA, "q_lora_rank", 0, U20, 0, NULL},
    {VRAM_MODEL_KV_LORA_RANK, VRAM__M_KV_LORA, "kv_lora_rank", 0, U20, 0, NULL},
    {VRAM_MODEL_QK_NOPE_HEAD_DIM, VRAM__M_QK_NOPE, "qk_nope_head_dim", 0, U16, 0, NULL},
    {VRAM_MODEL_QK_ROPE_HEAD_DIM, VRAM__M_QK_ROPE, "qk_rope_head_dim", 0, U16, 0, NULL},
    {VRAM_MODEL_SLIDING_WINDOW, VRAM__M_SLIDING_WINDOW, "sliding_window", 0, U32, 0, NULL},
    {VRAM_MODEL_SLIDING_PATTERN, VRAM__M_SLIDING_PATTERN, "sliding_pattern", 0, VRAM__MAX_LAYERS, 0, NULL},
    {VRAM_MODEL_EXTRA_PARAMS, VRAM__M_EXTRA_PARAMS, "extra_params", 0, U44, 0, NULL},
    {VRAM_MODEL_PARAMS_OVERRIDE, VRAM__M_PARAMS_OVERRIDE, "params_override", 0, U44, 0, NULL},
    {VRAM_MODEL_WEIGHT_DTYPE, VRAM__M_WEIGHT_DTYPE, "weight_dtype", 1, 7, VRAM_DTYPE_BF16, &vram__enum_dtype},
    {VRAM_MODEL_QUANT, VRAM__M_QUANT, "quant", 1, 10, VRAM_QUANT_NONE, &vram__enum_quant},
    {VRAM_MODEL_QUANT_BITS, VRAM__M_QUANT_BITS, "quant_bits", 0, 8, 0, NULL},
    {VRAM_MODEL_QUANT_GROUP_SIZE, VRAM__M_QUANT_GROUP, "quant_group_size", 0, VRAM_GROUP_PER_CHANNEL, 0, NULL},
    {VRAM_MODEL_QUANT_DOUBLE_QUANT, VRAM__M_QUANT_DQ, "quant_double_quant", 0, 1, 0, NULL},
    {VRAM_MODEL_QUANT_BLOCK_SIZE, VRAM__M_QUANT_BLOCK, "quant_block_size", 0, 4096, 0, NULL},
    {VRAM_MODEL_QUANT_LM_HEAD, VRAM__M_QUANT_LM_HEAD, "quant_lm_head", 0, 1, 0, NULL},
};

#define N_MKEYS (sizeof mkeys / sizeof mkeys[0])

/* Read-only derived keys. */
static const struct {
    vram_model_key key;
    const char *name;
} rkeys[] = {
    {VRAM_MODEL_PARAMS_TOTAL, "params_total"},
    {VRAM_MODEL_PARAMS_ACTIVE, "params_active"},
    {VRAM_MODEL_PARAMS_EMBEDDING, "params_embedding"},
    {VRAM_MODEL_KV_ELEMENTS_PER_TOKEN, "kv_elements_per_token"},
    {VRAM_MODEL_NUM_SLIDING_LAYERS, "num_sliding_layers"},
    {VRAM_MODEL_NUM_MOE_LAYERS, "num_moe_layers"},
    {VRAM_MODEL_FILE_WEIGHT_BYTES, "file_weight_bytes"},
};

static const mkey *find_key(vram_model_key key)
{
    for (size_t i = 0; i < N_MKEYS; i++)
        if (mkeys[i].key == key)
            return &mkeys[i];
    return NULL;
}

bool vram__model_key_is_flag(vram_model_key key)
{
    const mkey *k = find_key(key);
    return k && k->min == 0 && k->max == 1;
}

static bool is_read_only(vram_model_key key)
{
    for (size_t i = 0; i < sizeof rkeys / sizeof rkeys[0]; i++)
        if (rkeys[i].key == key)
            return true;
    return false;
}

VRAM_API vram_status vram_model_key_from_name(const char *name, vram_model_key *out_key)
{
    if (!name || !out_key)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_key_from_name: NULL argument");
    for (size_t i = 0; i < N_MKEYS; i++)
        if (vram__name_eq(mkeys[i].name, name))
            return *out_key = mkeys[i].key, VRAM_OK;
    for (size_t i = 0; i < sizeof rkeys / sizeof rkeys[0]; i++)
        if (vram__name_eq(rkeys[i].name, name))
            return *out_key = rkeys[i].key, VRAM_OK;
    return vram__fail(VRAM_E_NOT_FOUND, "unknown model key name \"%s\"", name);
}

VRAM_API const char *vram_model_key_name(vram_model_key key)
{
    const mkey *k = find_key(key);
    if (k)
        return k->name;
    for (size_t i = 0; i < sizeof rkeys / sizeof rkeys[0]; i++)
        if (rkeys[i].key == key)
            return rkeys[i].name;
    return NULL;
}

/* --------------------------------------------------------------- lifecycle */

static void model_defaults(vram_model *m)
{
    memset(m, 0, sizeof *m);
    for (size_t i = 0; i < N_MKEYS; i++)
        m->v[mkeys[i].slot] = mkeys[i].def;
    m->file.gguf_ftype = UINT32_MAX;
    vram__model_derive(m);
}

VRAM_API vram_status vram_model_create(vram_model **out)
{
    if (!out)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_create: out is NULL");
    *out = NULL;
    vram_model *m = malloc(sizeof *m);
    if (!m)
        return vram__fail(VRAM_E_NOMEM, "vram_model_create: out of memory");
    model_defaults(m);
    *out = m;
    return VRAM_OK;
}

VRAM_API vram_status vram_model_clone(const vram_model *src, vram_model **out)
{
    if (!out)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_clone: out is NULL");
    *out = NULL;
    if (!src)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_clone: src is NULL");
    vram_model *m = malloc(sizeof *m);
    if (!m)
        return vram__fail(VRAM_E_NOMEM, "vram_model_clone: out of memory");
    memcpy(m, src, sizeof *m);
    *out = m;
    return VRAM_OK;
}

VRAM_API void vram_model_destroy(vram_model *model)
{
    free(model);
}

/* ----------------------------------------------------------------- setters */

vram_status vram__model_set_nd(vram_model *model, vram_model_key key, uint64_t value)
{
    const mkey *k = find_key(key);
    if (!k) {
        if (is_read_only(key))
            return vram__fail(VRAM_E_READ_ONLY, "model key %s is derived and read only",
                              vram_model_key_name(key));
        return vram__fail(VRAM_E_UNKNOWN_KEY, "unknown model key %d", (int)key);
    }
    if (value < k->min || value > k->max)
        return vram__fail(VRAM_E_RANGE, "%s must be in [%llu, %llu], got %llu", k->name,
                          (unsigned long long)k->min, (unsigned long long)k->max,
                          (unsigned long long)value);
    if (k->en && !vram__enum_str(k->en, value))
        return vram__fail(VRAM_E_RANGE, "%s: %llu is not a valid value", k->name,
                          (unsigned long long)value);
    if (key == VRAM_MODEL_WEIGHT_DTYPE && value > VRAM_DTYPE_INT4)
        return vram__fail(VRAM_E_RANGE, "weight_dtype must be a float or integer type, got %llu",
                          (unsigned long long)value);
    if (key == VRAM_MODEL_QUANT_BITS && value != 0 && value != 2 && value != 3 && value != 4 &&
        value != 8)
        return vram__fail(VRAM_E_RANGE, "quant_bits must be 2, 3, 4 or 8 (0 = default), got %llu",
                          (unsigned long long)value);
    if (key == VRAM_MODEL_QUANT_GROUP_SIZE && value != 0 && value != VRAM_GROUP_PER_CHANNEL &&
        value > U24)
        return vram__fail(VRAM_E_RANGE,
                          "quant_group_size must be <= 16777216 or VRAM_GROUP_PER_CHANNEL, got %llu",
                          (unsigned long long)value);
    model->v[k->slot] = value;
    if (key == VRAM_MODEL_NUM_LAYERS) {
        /* per-layer overrides beyond the new last layer are dropped, so
         * growing the model again does not bring them back */
        for (uint64_t w = value / 64; w < VRAM__LAYER_WORDS; w++) {
            uint64_t keep = w == value / 64 ? (UINT64_C(1) << (value % 64)) - 1 : 0;
            model->attn_explicit[w] &= keep;
            model->attn_sliding[w] &= keep;
            model->mlp_explicit[w] &= keep;
            model->mlp_moe[w] &= keep;
        }
    }
    return VRAM_OK;
}

VRAM_API vram_status vram_model_set_u64(vram_model *model, vram_model_key key, uint64_t value)
{
    if (!model)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_set_u64: model is NULL");
    vram_status st = vram__model_set_nd(model, key, value);
    if (st == VRAM_OK)
        vram__model_derive(model);
    return st;
}

VRAM_API vram_status vram_model_set_str(vram_model *model, vram_model_key key, const char *value)
{
    if (!model || !value)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_set_str: NULL argument");
    const mkey *k = find_key(key);
    if (!k)
        return vram_model_set_u64(model, key, 0); /* reports unknown / read only */
    uint64_t v;
    if (vram__parse_u64(value, &v))
        return vram_model_set_u64(model, key, v);
    if (!k->en)
        return vram__fail(VRAM_E_TYPE, "%s takes an integer, got \"%s\"", k->name, value);
    if (!vram__enum_lookup(k->en, value, &v) || (k->en == &vram__enum_quant && v == VRAM_QUANT_AUTO))
        return vram__fail(VRAM_E_UNKNOWN_KEY, "%s: unknown value \"%s\"", k->name, value);
    return vram_model_set_u64(model, key, v);
}

VRAM_API vram_status vram_model_get_u64(const vram_model *model, vram_model_key key,
                                        uint64_t *out_value)
{
    if (!model || !out_value)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_get_u64: NULL argument");
    const mkey *k = find_key(key);
    if (k)
        return *out_value = model->v[k->slot], VRAM_OK;
    switch (key) {
    case VRAM_MODEL_PARAMS_TOTAL:
    case VRAM_MODEL_PARAMS_ACTIVE:
    case VRAM_MODEL_PARAMS_EMBEDDING:
    case VRAM_MODEL_KV_ELEMENTS_PER_TOKEN:
        if (model->derived_status == VRAM_E_OVERFLOW)
            return vram__fail_msg(VRAM_E_OVERFLOW, model->derived_msg);
        *out_value = key == VRAM_MODEL_PARAMS_TOTAL      ? model->params_reported
                     : key == VRAM_MODEL_PARAMS_ACTIVE    ? model->params_active
                     : key == VRAM_MODEL_PARAMS_EMBEDDING ? model->embed_params
                                                          : model->kv_elems_per_token;
        if (key == VRAM_MODEL_PARAMS_ACTIVE && model->v[VRAM__M_PARAMS_OVERRIDE] &&
            model->params_total)
            *out_value = model->params_reported; /* a dense estimate */
        return VRAM_OK;
    case VRAM_MODEL_NUM_SLIDING_LAYERS:
        return *out_value = model->n_sliding, VRAM_OK;
    case VRAM_MODEL_NUM_MOE_LAYERS:
        return *out_value = model->n_moe, VRAM_OK;
    case VRAM_MODEL_FILE_WEIGHT_BYTES:
        return *out_value = model->file.present ? model->file.total_bytes : 0, VRAM_OK;
    default:
        return vram__fail(VRAM_E_UNKNOWN_KEY, "unknown model key %d", (int)key);
    }
}

VRAM_API vram_status vram_model_set_layer_u64(vram_model *model, uint32_t layer, vram_layer_key key,
                                              uint64_t value)
{
    if (!model)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_set_layer_u64: model is NULL");
    if (key != VRAM_LAYER_ATTENTION && key != VRAM_LAYER_MLP)
        return vram__fail(VRAM_E_UNKNOWN_KEY, "unknown layer key %d", (int)key);
    if (layer >= VRAM__MAX_LAYERS || layer >= model->v[VRAM__M_NUM_LAYERS])
        return vram__fail(VRAM_E_RANGE, "layer must be < num_layers (%llu), got %u",
                          (unsigned long long)model->v[VRAM__M_NUM_LAYERS], layer);
    if (value != 1 && value != 2)
        return vram__fail(VRAM_E_RANGE, "layer %s must be 1 or 2, got %llu",
                          key == VRAM_LAYER_ATTENTION ? "attention" : "mlp",
                          (unsigned long long)value);
    uint64_t bit = UINT64_C(1) << (layer % 64);
    uint64_t *ex = key == VRAM_LAYER_ATTENTION ? model->attn_explicit : model->mlp_explicit;
    uint64_t *val = key == VRAM_LAYER_ATTENTION ? model->attn_sliding : model->mlp_moe;
    ex[layer / 64] |= bit;
    if (value == 2)
        val[layer / 64] |= bit;
    else
        val[layer / 64] &= ~bit;
    vram__model_derive(model);
    return VRAM_OK;
}

VRAM_API vram_status vram_model_get_layer_u64(const vram_model *model, uint32_t layer,
                                              vram_layer_key key, uint64_t *out_value)
{
    if (!model || !out_value)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_get_layer_u64: NULL argument");
    if (key != VRAM_LAYER_ATTENTION && key != VRAM_LAYER_MLP)
        return vram__fail(VRAM_E_UNKNOWN_KEY, "unknown layer key %d", (int)key);
    if (layer >= VRAM__MAX_LAYERS || layer >= model->v[VRAM__M_NUM_LAYERS])
        return vram__fail(VRAM_E_RANGE, "layer must be < num_layers (%llu), got %u",
                          (unsigned long long)model->v[VRAM__M_NUM_LAYERS], layer);
    const uint64_t *bits = key == VRAM_LAYER_ATTENTION ? model->sliding : model->moe;
    *out_value = vram__bit(bits, layer) ? 2 : 1;
    return VRAM_OK;
}

VRAM_API vram_status vram_model_set_name(vram_model *model, const char *name)
{
    if (!model || !name)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_set_name: NULL argument");
    size_t n = strlen(name);
    if (n >= VRAM__NAME_MAX)
        return vram__fail(VRAM_E_LIMIT, "model name is %zu bytes, at most %u allowed", n,
                          VRAM__NAME_MAX - 1);
    memcpy(model->name, name, n + 1);
    return VRAM_OK;
}

VRAM_API const char *vram_model_name(const vram_model *model)
{
    return model ? model->name : "";
}

VRAM_API vram_status vram_model_validate(const vram_model *model)
{
    if (!model)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_validate: model is NULL");
    if (model->derived_status != VRAM_OK)
        return vram__fail_msg(model->derived_status, model->derived_msg);
    return VRAM_OK;
}

/* ------------------------------------------------------------------ derive */

uint32_t vram__count_bits(const uint64_t *bits, uint32_t l0, uint32_t l1)
{
    uint32_t n = 0;
    if (l0 >= l1)
        return 0;
    uint32_t w0 = l0 / 64u, w1 = (l1 - 1) / 64u;
    for (uint32_t w = w0; w <= w1; w++) {
        uint64_t word = bits[w];
        if (w == w0)
            word &= ~UINT64_C(0) << (l0 % 64u);
        if (w == w1 && l1 % 64u)
            word &= ~(~UINT64_C(0) << (l1 % 64u));
        n += vram__popcount(word);
    }
    return n;
}

static void derive_layer_patterns(vram_model *m)
{
    uint64_t L = m->v[VRAM__M_NUM_LAYERS];
    uint64_t window = m->v[VRAM__M_SLIDING_WINDOW], pattern = m->v[VRAM__M_SLIDING_PATTERN];
    uint64_t E = m->v[VRAM__M_EXPERTS], k_dense = m->v[VRAM__M_FIRST_K_DENSE];
    uint64_t step = m->v[VRAM__M_MOE_STEP] ? m->v[VRAM__M_MOE_STEP] : 1;

    memset(m->sliding, 0, sizeof m->sliding);
    memset(m->moe, 0, sizeof m->moe);
    for (uint32_t i = 0; i < L && i < VRAM__MAX_LAYERS; i++) {
        uint64_t bit = UINT64_C(1) << (i % 64u);
        bool slide, moe;
        if (vram__bit(m->attn_explicit, i))
            slide = vram__bit(m->attn_sliding, i);
        else
            slide = window && (pattern == 0 || (i + 1) % pattern != 0);
        if (vram__bit(m->mlp_explicit, i))
            moe = vram__bit(m->mlp_moe, i);
        else
            moe = E && i >= k_dense && (i + 1) % step == 0;
        if (slide)
            m->sliding[i / 64u] |= bit;
        if (moe)
            m->moe[i / 64u] |= bit;
    }
    m->n_sliding = vram__count_bits(m->sliding, 0, (uint32_t)L);
    m->n_moe = vram__count_bits(m->moe, 0, (uint32_t)L);
}

void vram__model_derive(vram_model *m)
{
    derive_layer_patterns(m);
    m->derived_msg[0] = '\0';
    m->derived_status = vram__params_derive(m, m->derived_msg, sizeof m->derived_msg);
}

void vram__model_set_file_weights(vram_model *m, const vram__file_weights *fw)
{
    m->file = *fw;
    m->file.present = true;
}

void vram__model_mark_estimated(vram_model *m)
{
    m->arch_estimated = true;
}
