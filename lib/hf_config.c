/*
 * hf_config.c - a Hugging Face config.json -> vram_model.
 *
 * The keys, their defaults and the shapes they imply follow the transformers
 * configuration and modeling files of each family (huggingface/transformers
 * src/transformers/models/<family>/configuration_<family>.py and
 * modeling_<family>.py), or the remote code a family's checkpoints name in
 * auto_map where transformers has no class (Qwen 1 QWenConfig, InternVL,
 * Molmo, the original Falcon "RefinedWeb" code). The rules are written here
 * in our own words; each family's function cites what it follows.
 *
 * Missing keys. save_pretrained writes a key only when its value differs
 * from the config class's default (PretrainedConfig.to_diff_dict), and a
 * nested text_config only the keys that differ from its own class (LLaVA's
 * text_config is a few lines). So a key absent from a family with a
 * transformers config class takes that class's default, exactly as
 * transformers would; those defaults are the `fam` rows below. For families
 * without such a class (remote code) and for an unknown model_type, the
 * shape keys are required and a missing one fails with VRAM_E_INCOMPLETE
 * naming it.
 *
 * Unknown model_type. The generic keys (hidden_size, num_hidden_layers,
 * num_attention_heads, num_key_value_heads, head_dim, intermediate_size,
 * vocab_size, tie_word_embeddings, attention_bias, mlp_bias, sliding_window)
 * are read with a Llama-style block (RMSNorm, gated MLP). The ABI has no
 * warning channel on a model, so this is accepted silently and documented
 * here and in vramest.h; a caller that needs certainty checks
 * VRAM_MODEL_FAMILY and the counts.
 *
 * Everything is set with vram__model_set_nd (range-checked, no derive) and
 * derived once at the end. Parsing allocates (the JSON document); the model
 * is the only thing that outlives the call.
 */
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define M(k) VRAM_MODEL_##k

enum kind {
    K_GENERIC, K_LLAMA, K_MISTRAL, K_MIXTRAL, K_QWEN2, K_QWEN2_MOE, K_QWEN3, K_QWEN3_MOE,
    K_QWEN1, K_GEMMA, K_GEMMA2, K_GEMMA3, K_PHI3, K_PHI, K_DEEPSEEK_V2, K_DEEPSEEK_V3,
    K_FALCON, K_GPT2, K_GPTJ, K_GPT_NEOX, K_MPT, K_STABLELM, K_OLMO, K_OLMO2, K_EXAONE4,
    K_GPT_OSS, K_LLAMA4, K_MOLMO, K_OPT, K_BLOOM, K_GPT_BIGCODE
};

/*
 * One row per model_type: the family and, where transformers has a config
 * class, that class's defaults for the shape keys (has_defaults). kv 0 means
 * "as many as the query heads", head_dim 0 "hidden / heads", inter 0 "the
 * family's rule" (4h for GPT-2/GPT-J/Falcon, expansion_ratio for MPT).
 * Defaults: configuration_<model_type>.py in huggingface/transformers
 * (Falcon: configuration_falcon.py; the RefinedWeb rows are the original
 * tiiuae remote code's names for the same class).
 */
typedef struct fam {
    const char *type;
    uint8_t kind;
    bool has_defaults;
    uint32_t vocab, hidden, inter, layers, heads, kv, head_dim, max_pos;
    bool tie;
} fam;

static const fam fams[] = {
    {"llama", K_LLAMA, true, 32000, 4096, 11008, 32, 32, 0, 0, 2048, false},
    {"yi", K_LLAMA, false, 0, 0, 0, 0, 0, 0, 0, 0, false},            /* 01-ai remote code, Llama blocks */
    {"mistral", K_MISTRAL, true, 32000, 4096, 14336, 32, 32, 8, 0, 131072, false},
    {"mixtral", K_MIXTRAL, true, 32000, 4096, 14336, 32, 32, 8, 0, 131072, false},
    {"qwen2", K_QWEN2, true, 151936, 4096, 22016, 32, 32, 32, 0, 32768, false},
    {"qwen2_moe", K_QWEN2_MOE, true, 151936, 2048, 5632, 24, 16, 16, 0, 32768, false},
    {"qwen3", K_QWEN3, true, 151936, 4096, 22016, 32, 32, 32, 128, 32768, false},
    {"qwen3_moe", K_QWEN3_MOE, true, 151936, 2048, 6144, 24, 32, 4, 0, 32768, false},
    {"qwen2_vl", K_QWEN2, false, 0, 0, 0, 0, 0, 0, 0, 0, false},
    {"qwen2_vl_text", K_QWEN2, false, 0, 0, 0, 0, 0, 0, 0, 0, false},
    {"qwen2_5_vl", K_QWEN2, false, 0, 0, 0, 0, 0, 0, 0, 0, false},
    {"qwen2_5_vl_text", K_QWEN2, false, 0, 0, 0, 0, 0, 0, 0, 0, false},
    {"qwen3_vl_text", K_QWEN3, false, 0, 0, 0, 0, 0, 0, 0, 0, false},
    {"qwen", K_QWEN1, false, 0, 0, 0, 0, 0, 0, 0, 0, false},          /* Qwen 1 remote code */
    {"gemma", K_GEMMA, true, 256000, 3072, 24576, 28, 16, 16, 256, 8192, true},
    {"gemma2", K_GEMMA2, true, 256000, 2304, 9216, 26, 8, 4, 256, 8192, true},
    {"gemma3_text", K_GEMMA3, true, 262208, 2304, 9216, 26, 8, 4, 256, 131072, true},
    {"phi3", K_PHI3, true, 32064, 3072, 8192, 32, 32, 0, 0, 4096, false},
    {"phi", K_PHI, true, 51200, 2048, 8192, 24, 32, 0, 0, 2048, false},
    {"deepseek_v2", K_DEEPSEEK_V2, true, 32000, 4096, 11008, 32, 32, 0, 0, 2048, false},
    {"deepseek_v3", K_DEEPSEEK_V3, true, 129280, 7168, 18432, 61, 128, 128, 0, 4096, false},
    {"falcon", K_FALCON, true, 65024, 4544, 0, 32, 71, 0, 0, 2048, true},
    {"RefinedWeb", K_FALCON, true, 65024, 4544, 0, 32, 71, 0, 0, 2048, true},
    {"RefinedWebModel", K_FALCON, true, 65024, 4544, 0, 32, 71, 0, 0, 2048, true},
    {"gpt2", K_GPT2, true, 50257, 768, 0, 12, 12, 0, 0, 1024, true},
    {"gptj", K_GPTJ, true, 50400, 4096, 0, 28, 16, 0, 0, 2048, false},
    {"gpt_neox", K_GPT_NEOX, true, 50432, 6144, 24576, 44, 64, 0, 0, 2048, false},
    {"mpt", K_MPT, true, 50368, 2048, 0, 24, 16, 0, 0, 2048, true},
    {"stablelm", K_STABLELM, true, 50304, 2560, 6912, 32, 32, 32, 0, 4096, false},
    {"olmo", K_OLMO, true, 50304, 4096, 11008, 32, 32, 0, 0, 2048, false},
    {"olmo2", K_OLMO2, true, 50304, 4096, 11008, 32, 32, 0, 0, 2048, false},
    {"exaone4", K_EXAONE4, true, 102400, 4096, 16384, 32, 32, 32, 0, 2048, false},
    {"gpt_oss", K_GPT_OSS, true, 201088, 2880, 2880, 36, 64, 8, 64, 131072, false},
    {"llama4_text", K_LLAMA4, true, 202048, 5120, 8192, 48, 40, 8, 128, 131072, false},
    {"molmo", K_MOLMO, false, 0, 0, 0, 0, 0, 0, 0, 0, false},          /* allenai remote code */
    {"opt", K_OPT, true, 50272, 768, 3072, 12, 12, 0, 0, 2048, true},
    {"bloom", K_BLOOM, true, 250880, 64, 0, 2, 8, 0, 0, 0, true},
    {"gpt_bigcode", K_GPT_BIGCODE, true, 50257, 768, 0, 12, 12, 0, 0, 1024, true},
};

/* Top-level model_types of composite (vision-language) configs and where
 * their language model lives. */
enum vlm { V_NONE, V_LLAVA, V_LLAVA_NEXT, V_GEMMA3, V_QWEN2_VL, V_QWEN2_5_VL, V_QWEN3_VL,
           V_INTERNVL, V_LLAMA4 };
static const struct {
    const char *type;
    uint8_t vlm;
    const char *text_key;     /* nested language config (NULL: keys on the top level) */
    const char *text_default; /* model_type of the nested config when it omits one */
} vlms[] = {
    {"llava", V_LLAVA, "text_config", "llama"},
    {"llava_next", V_LLAVA_NEXT, "text_config", "llama"},
    {"gemma3", V_GEMMA3, "text_config", "gemma3_text"},
    {"qwen2_vl", V_QWEN2_VL, NULL, NULL},
    {"qwen2_5_vl", V_QWEN2_5_VL, NULL, NULL},
    {"qwen3_vl", V_QWEN3_VL, "text_config", "qwen3_vl_text"},
    {"internvl_chat", V_INTERNVL, "llm_config", "llama"},
    {"llama4", V_LLAMA4, "text_config", "llama4_text"},
};

/* model_type from architectures[0] when a config has no model_type. */
static const struct {
    const char *arch, *type;
} arch_map[] = {
    {"LlamaForCausalLM", "llama"},       {"MistralForCausalLM", "mistral"},
    {"MixtralForCausalLM", "mixtral"},   {"Qwen2ForCausalLM", "qwen2"},
    {"Qwen3ForCausalLM", "qwen3"},       {"Qwen3MoeForCausalLM", "qwen3_moe"},
    {"GemmaForCausalLM", "gemma"},       {"Gemma2ForCausalLM", "gemma2"},
    {"Phi3ForCausalLM", "phi3"},         {"GPT2LMHeadModel", "gpt2"},
    {"GPTJForCausalLM", "gptj"},         {"GPTNeoXForCausalLM", "gpt_neox"},
    {"FalconForCausalLM", "falcon"},     {"MPTForCausalLM", "mpt"},
    {"OPTForCausalLM", "opt"},           {"BloomForCausalLM", "bloom"},
    {"GPTBigCodeForCausalLM", "gpt_bigcode"},
};

typedef struct rd {
    const vram__jdoc *d;
    const vram__jval *top;    /* the document */
    const vram__jval *tc;     /* the language model's config (top or nested) */
    const fam *f;
    vram_model *m;
    const char *type;         /* the language config's model_type (NULL: none) */
    uint64_t L, h, a, k, hd;  /* resolved shapes, for the per-layer and vision rules */
} rd;

/* ----------------------------------------------------------------- helpers */

static vram_status set(rd *r, vram_model_key key, uint64_t v)
{
    vram_status st = vram__model_set_nd(r->m, key, v);
    if (st != VRAM_OK) {
        char msg[VRAM__MSG_MAX];
        snprintf(msg, sizeof msg, "%s", vram_last_error());
        return vram__fail(st, "%s: %s", vram__json_what(r->d), msg);
    }
    return VRAM_OK;
}

#define TRY(expr)                                                                             \
    do {                                                                                      \
        vram_status st_ = (expr);                                                             \
        if (st_ != VRAM_OK)                                                                   \
            return st_;                                                                       \
    } while (0)

/* The first of several spellings of a key that is present and not null. */
static const vram__jval *any(const rd *r, const vram__jval *obj, const char *const *keys)
{
    for (; *keys; keys++) {
        const vram__jval *v = vram__json_get(r->d, obj, *keys);
        if (v)
            return v;
    }
    return NULL;
}

static vram_status get_u64(const rd *r, const vram__jval *obj, const char *key, uint64_t *out,
                           bool *found)
{
    return vram__json_get_u64(r->d, obj, key, out, found);
}

static vram_status get_bool(const rd *r, const vram__jval *obj, const char *key, bool def,
                            bool *out)
{
    *out = def;
    return vram__json_get_bool(r->d, obj, key, out, NULL);
}

/* A required shape key: the first present spelling, else the family default,
 * else VRAM_E_INCOMPLETE naming the first spelling. */
static vram_status need(const rd *r, const vram__jval *obj, const char *const *keys,
                        uint64_t def, uint64_t *out)
{
    const vram__jval *v = any(r, obj, keys);
    if (v)
        return vram__json_as_u64(r->d, v, out);
    if (def) {
        *out = def;
        return VRAM_OK;
    }
    char path[96];
    vram__json_path(r->d, obj, path, sizeof path);
    if (obj == r->top)
        return vram__fail(VRAM_E_INCOMPLETE, "%s: required key \"%s\" is missing (model_type %s%s)",
                          vram__json_what(r->d), keys[0], r->type ? r->type : "absent",
                          r->f ? "" : ", read from the generic keys");
    return vram__fail(VRAM_E_INCOMPLETE, "%s: required key \"%s.%s\" is missing",
                      vram__json_what(r->d), path, keys[0]);
}

/* Per-layer attention / MLP kind without a derive (vram_model_set_layer_u64
 * re-derives on every call; a 62-layer layer_types list would derive 62 times). */
static void layer_attn(vram_model *m, uint32_t i, bool sliding)
{
    uint64_t bit = UINT64_C(1) << (i % 64u);
    m->attn_explicit[i / 64u] |= bit;
    if (sliding)
        m->attn_sliding[i / 64u] |= bit;
    else
        m->attn_sliding[i / 64u] &= ~bit;
}

static void layer_mlp(vram_model *m, uint32_t i, bool moe)
{
    uint64_t bit = UINT64_C(1) << (i % 64u);
    m->mlp_explicit[i / 64u] |= bit;
    if (moe)
        m->mlp_moe[i / 64u] |= bit;
    else
        m->mlp_moe[i / 64u] &= ~bit;
}

/* A list of layer indices (mlp_only_layers, moe_layers): each must be < L. */
static vram_status layer_list(rd *r, const vram__jval *list, bool moe)
{
    if (list->type != VRAM__J_ARRAY)
        return vram__json_fail_at(r->d, list, VRAM_E_PARSE, "expected a list of layer indices");
    for (const vram__jval *e = vram__json_child(r->d, list); e; e = vram__json_next(r->d, e)) {
        uint64_t i;
        TRY(vram__json_as_u64(r->d, e, &i));
        if (i >= r->L)
            return vram__json_fail_at(r->d, e, VRAM_E_RANGE,
                                      "layer %llu does not exist (num_hidden_layers %llu)",
                                      (unsigned long long)i, (unsigned long long)r->L);
        layer_mlp(r->m, (uint32_t)i, moe);
    }
    return VRAM_OK;
}

/* layer_types: one entry per layer, "full_attention" or "sliding_attention"
 * ("chunked_attention", Llama 4, holds at most a chunk of tokens: priced as
 * a sliding window of the chunk size, an upper bound). */
static vram_status layer_types(rd *r, const vram__jval *lt, uint64_t window)
{
    if (lt->type != VRAM__J_ARRAY)
        return vram__json_fail_at(r->d, lt, VRAM_E_PARSE, "expected a list of layer types");
    if (lt->count != r->L)
        return vram__json_fail_at(r->d, lt, VRAM_E_INCONSISTENT,
                                  "%u entries for num_hidden_layers %llu", lt->count,
                                  (unsigned long long)r->L);
    uint32_t i = 0;
    bool any_sliding = false;
    for (const vram__jval *e = vram__json_child(r->d, lt); e; e = vram__json_next(r->d, e), i++) {
        const char *s;
        TRY(vram__json_as_str(r->d, e, &s));
        bool sl;
        if (strcmp(s, "full_attention") == 0)
            sl = false;
        else if (strcmp(s, "sliding_attention") == 0 || strcmp(s, "chunked_attention") == 0)
            sl = true;
        else
            return vram__json_fail_at(r->d, e, VRAM_E_UNSUPPORTED,
                                      "layer type \"%s\" is not supported", s);
        any_sliding |= sl;
        layer_attn(r->m, i, sl);
    }
    if (any_sliding && window == 0)
        return vram__json_fail_at(r->d, lt, VRAM_E_INCOMPLETE,
                                  "sliding layers listed but sliding_window is not set");
    return VRAM_OK;
}

/* sliding_window: present and non-null, else the family default (0 = none). */
static vram_status window_of(rd *r, uint64_t def, uint64_t *out)
{
    const vram__jval *w = vram__json_member(r->d, r->tc, "sliding_window");
    *out = def;
    if (!w)
        return VRAM_OK;
    if (w->type == VRAM__J_NULL)
        return (*out = 0, VRAM_OK);
    return vram__json_as_u64(r->d, w, out);
}

/* ------------------------------------------------------------ shape keys */

static const char *const K_LAYERS[] = {"num_hidden_layers", "n_layer", "n_layers", "num_layers", NULL};
static const char *const K_HIDDEN[] = {"hidden_size", "n_embd", "d_model", "n_embed", NULL};
static const char *const K_HEADS[] = {"num_attention_heads", "n_head", "n_heads", NULL};
static const char *const K_KV[] = {"num_key_value_heads", "num_kv_heads", "n_head_kv", NULL};
static const char *const K_INTER[] = {"intermediate_size", "n_inner", "ffn_hidden_size", NULL};
static const char *const K_VOCAB[] = {"vocab_size", NULL};
static const char *const K_MAXPOS[] = {"max_position_embeddings", "n_positions", "max_seq_len",
                                       "seq_length", NULL};

/* Layers, hidden, heads, KV heads, head_dim, vocab, tie, max positions. */
static vram_status core(rd *r)
{
    const fam *f = r->f;
    const vram__jval *c = r->tc;
    bool defs = f && f->has_defaults;
    uint64_t v;
    TRY(need(r, c, K_LAYERS, defs ? f->layers : 0, &r->L));
    TRY(set(r, M(NUM_LAYERS), r->L));
    TRY(need(r, c, K_HIDDEN, defs ? f->hidden : 0, &r->h));
    TRY(set(r, M(HIDDEN_SIZE), r->h));
    TRY(need(r, c, K_HEADS, defs ? f->heads : 0, &r->a));
    TRY(set(r, M(NUM_HEADS), r->a));
    const vram__jval *kv = any(r, c, K_KV);
    r->k = defs && f->kv ? f->kv : r->a;
    if (kv)
        TRY(vram__json_as_u64(r->d, kv, &r->k));
    TRY(set(r, M(NUM_KV_HEADS), r->k));
    r->hd = defs ? f->head_dim : 0;
    TRY(get_u64(r, c, "head_dim", &r->hd, NULL));
    if (r->hd)
        TRY(set(r, M(HEAD_DIM), r->hd));
    TRY(need(r, c, K_VOCAB, defs ? f->vocab : 0, &v));
    TRY(set(r, M(VOCAB_SIZE), v));
    /* tie_word_embeddings: the language config's, else the top level's (a
     * composite config may keep it there), else the class default */
    bool tie = f ? f->tie : true;
    const vram__jval *t = vram__json_get(r->d, c, "tie_word_embeddings");
    if (!t && c != r->top)
        t = vram__json_get(r->d, r->top, "tie_word_embeddings");
    if (t)
        TRY(vram__json_as_bool(r->d, t, &tie));
    TRY(set(r, M(TIE_WORD_EMBEDDINGS), tie));
    const vram__jval *mp = any(r, c, K_MAXPOS);
    v = defs ? f->max_pos : 0;
    if (mp)
        TRY(vram__json_as_u64(r->d, mp, &v));
    if (v)
        TRY(set(r, M(MAX_POSITION_EMBEDDINGS), v));
    return VRAM_OK;
}

/* intermediate_size with a default for the families that have one. */
static vram_status inter(rd *r, uint64_t def, uint64_t *out)
{
    return need(r, r->tc, K_INTER, def ? def : (r->f && r->f->has_defaults ? r->f->inter : 0), out);
}

static vram_status biases(rd *r, bool qkv, bool o, bool mlp)
{
    TRY(set(r, M(QKV_BIAS), qkv));
    TRY(set(r, M(O_BIAS), o));
    TRY(set(r, M(MLP_BIAS), mlp));
    return VRAM_OK;
}

/* ------------------------------------------------------------ the families */

/*
 * Llama-style blocks: q/k/v/o, gated MLP, RMSNorm before attention and MLP.
 * llama/modeling_llama.py (attention_bias on q/k/v/o, mlp_bias on the MLP);
 * mistral/configuration_mistral.py (sliding_window 4096 by default, every
 * layer; the cache holds the window: cache_utils.py DynamicCache builds
 * sliding layers from sliding_window when there is no layer_types);
 * mixtral/modeling_mixtral.py (num_local_experts w1/w2/w3 of
 * intermediate_size, router `gate` without bias, every layer);
 * qwen2/modeling_qwen2.py (q/k/v biased, o not; sliding only with
 * use_sliding_window, on layers from max_window_layers on);
 * qwen3/modeling_qwen3.py (q_norm/k_norm over head_dim);
 * qwen2_moe/modeling_qwen2_moe.py and qwen3_moe/modeling_qwen3_moe.py
 * (experts of moe_intermediate_size on layers with (i+1) % decoder_sparse_step
 * == 0 not in mlp_only_layers; Qwen2-MoE adds one shared expert of
 * shared_expert_intermediate_size and a sigmoid shared_expert_gate h -> 1).
 */
static vram_status fam_llama(rd *r)
{
    const vram__jval *c = r->tc;
    uint8_t kind = r->f ? r->f->kind : K_GENERIC;
    uint64_t I = 0;
    TRY(inter(r, 0, &I));
    TRY(set(r, M(INTERMEDIATE_SIZE), I));
    bool ab = false, mb = false;
    TRY(get_bool(r, c, "attention_bias", false, &ab));
    TRY(get_bool(r, c, "mlp_bias", false, &mb));
    bool qwen2 = kind == K_QWEN2 || kind == K_QWEN2_MOE;
    TRY(biases(r, ab || qwen2, ab, mb));
    if (kind == K_QWEN3 || kind == K_QWEN3_MOE)
        TRY(set(r, M(QK_NORM), 1));

    /* sliding window */
    uint64_t win = 0;
    if (kind == K_QWEN2 || kind == K_QWEN2_MOE || kind == K_QWEN3 || kind == K_QWEN3_MOE) {
        bool use = false;
        TRY(get_bool(r, c, "use_sliding_window", false, &use));
        TRY(window_of(r, 4096, &win));
        if (!use)
            win = 0;
        if (win) {
            uint64_t from = 28;
            TRY(get_u64(r, c, "max_window_layers", &from, NULL));
            for (uint32_t i = 0; i < r->L; i++)
                layer_attn(r->m, i, i >= from);
        }
    } else {
        TRY(window_of(r, kind == K_MISTRAL ? 4096 : 0, &win));
    }
    const vram__jval *lt = vram__json_get(r->d, c, "layer_types");
    if (lt)
        TRY(layer_types(r, lt, win));
    if (win)
        TRY(set(r, M(SLIDING_WINDOW), win));

    /* mixture of experts */
    if (kind == K_MIXTRAL) {
        uint64_t E = 8, e = 2;
        TRY(get_u64(r, c, "num_local_experts", &E, NULL));
        TRY(get_u64(r, c, "num_experts_per_tok", &e, NULL));
        TRY(set(r, M(FAMILY), VRAM_FAMILY_MIXTRAL));
        TRY(set(r, M(NUM_EXPERTS), E));
        TRY(set(r, M(EXPERTS_PER_TOKEN), e));
        TRY(set(r, M(MOE_INTERMEDIATE_SIZE), I));
    } else if (kind == K_QWEN2_MOE || kind == K_QWEN3_MOE) {
        bool q2 = kind == K_QWEN2_MOE;
        uint64_t E = q2 ? 60 : 128, e = q2 ? 4 : 8, Im = q2 ? 1408 : 768, step = 1, Is = 5632;
        TRY(get_u64(r, c, "num_experts", &E, NULL));
        TRY(get_u64(r, c, "num_experts_per_tok", &e, NULL));
        TRY(get_u64(r, c, "moe_intermediate_size", &Im, NULL));
        TRY(get_u64(r, c, "decoder_sparse_step", &step, NULL));
        TRY(set(r, M(NUM_EXPERTS), E));
        TRY(set(r, M(EXPERTS_PER_TOKEN), e));
        TRY(set(r, M(MOE_INTERMEDIATE_SIZE), Im));
        if (step == 0)
            return vram__fail(VRAM_E_RANGE, "%s: decoder_sparse_step must be >= 1, got 0",
                              vram__json_what(r->d));
        TRY(set(r, M(MOE_LAYER_STEP), step));
        const vram__jval *only = vram__json_get(r->d, c, "mlp_only_layers");
        if (only)
            TRY(layer_list(r, only, false));
        if (q2) {
            TRY(get_u64(r, c, "shared_expert_intermediate_size", &Is, NULL));
            if (Is) {
                TRY(set(r, M(NUM_SHARED_EXPERTS), 1));
                TRY(set(r, M(SHARED_INTERMEDIATE_SIZE), Is));
                TRY(set(r, M(SHARED_EXPERT_GATE), 1));
            }
        }
    }
    return VRAM_OK;
}

/* Qwen 1 (remote code QWenLMHeadModel, Qwen/Qwen-7B modeling_qwen.py): a
 * fused c_attn with bias, c_proj; MLP w1/w2 of intermediate_size / 2 each
 * (the config's intermediate_size counts both halves), c_proj; no_bias
 * removes every other bias; head size kv_channels. */
static vram_status fam_qwen1(rd *r)
{
    uint64_t I;
    TRY(need(r, r->tc, K_INTER, 0, &I));
    if (I % 2)
        return vram__fail(VRAM_E_INCONSISTENT, "%s: intermediate_size %llu of a Qwen 1 model "
                          "must be even (w1 and w2 each take half)", vram__json_what(r->d),
                          (unsigned long long)I);
    TRY(set(r, M(INTERMEDIATE_SIZE), I / 2));
    uint64_t kvc = 0;
    TRY(get_u64(r, r->tc, "kv_channels", &kvc, NULL));
    if (kvc)
        TRY(set(r, M(HEAD_DIM), kvc));
    bool nb = true;
    TRY(get_bool(r, r->tc, "no_bias", true, &nb));
    TRY(set(r, M(FAMILY), VRAM_FAMILY_QWEN1));
    TRY(set(r, M(FUSED_QKV), 1));
    return biases(r, true, !nb, !nb);
}

/* Gemma (gemma/modeling_gemma.py: GeGLU MLP, two RMSNorms, head_dim),
 * Gemma 2 (gemma2/modeling_gemma2.py: four norms per layer, sliding window
 * on even layers, layer_types), Gemma 3 (gemma3/modeling_gemma3.py: q_norm
 * and k_norm over head_dim; configuration_gemma3.py: one global layer per
 * sliding_window_pattern, 6 by default, or layer_types). */
static vram_status fam_gemma(rd *r)
{
    const vram__jval *c = r->tc;
    uint8_t kind = r->f->kind;
    uint64_t I;
    TRY(inter(r, 0, &I));
    TRY(set(r, M(INTERMEDIATE_SIZE), I));
    bool ab = false;
    TRY(get_bool(r, c, "attention_bias", false, &ab));
    TRY(biases(r, ab, ab, false));
    if (kind == K_GEMMA)
        return VRAM_OK;
    TRY(set(r, M(NORMS_PER_LAYER), 4));
    if (kind == K_GEMMA3)
        TRY(set(r, M(QK_NORM), 1));
    uint64_t win, pattern = kind == K_GEMMA2 ? 2 : 6;
    TRY(window_of(r, 4096, &win));
    TRY(get_u64(r, c, "sliding_window_pattern", &pattern, NULL));
    const vram__jval *lt = vram__json_get(r->d, c, "layer_types");
    if (lt)
        TRY(layer_types(r, lt, win));
    if (win) {
        TRY(set(r, M(SLIDING_WINDOW), win));
        TRY(set(r, M(SLIDING_PATTERN), pattern));
    }
    return VRAM_OK;
}

/* Phi-3 / Phi-4 (phi3/modeling_phi3.py): fused qkv_proj and gate_up_proj,
 * no biases; sliding_window (None by default) on every layer. */
static vram_status fam_phi3(rd *r)
{
    uint64_t I, win;
    TRY(inter(r, 0, &I));
    TRY(set(r, M(INTERMEDIATE_SIZE), I));
    TRY(set(r, M(FAMILY), VRAM_FAMILY_PHI3));
    TRY(set(r, M(FUSED_QKV), 1));
    TRY(set(r, M(FUSED_GATE_UP), 1));
    TRY(window_of(r, 0, &win));
    if (win)
        TRY(set(r, M(SLIDING_WINDOW), win));
    return VRAM_OK;
}

/* Phi-1/2 (phi/modeling_phi.py): biased q/k/v/dense and fc1/fc2, one
 * LayerNorm per layer shared by the parallel attention and MLP, a final
 * LayerNorm, lm_head with bias; qk_layernorm adds a LayerNorm (weight and
 * bias) over head_dim on q and on k. */
static vram_status fam_phi(rd *r)
{
    uint64_t I;
    TRY(inter(r, 0, &I));
    TRY(set(r, M(INTERMEDIATE_SIZE), I));
    TRY(set(r, M(FAMILY), VRAM_FAMILY_PHI));
    TRY(set(r, M(MLP_KIND), VRAM_MLP_PLAIN));
    TRY(set(r, M(NORM_KIND), VRAM_NORM_LAYER));
    TRY(set(r, M(NORMS_PER_LAYER), 1));
    TRY(set(r, M(PARALLEL_ATTN), 1));
    TRY(set(r, M(LM_HEAD_BIAS), 1));
    TRY(biases(r, true, true, true));
    bool qkln = false;
    TRY(get_bool(r, r->tc, "qk_layernorm", false, &qkln));
    if (qkln) {
        /* QK_NORM 1 counts the two weight vectors; the two biases are extra */
        uint64_t d = r->hd ? r->hd : r->h / r->a;
        TRY(set(r, M(QK_NORM), 1));
        TRY(set(r, M(EXTRA_PARAMS), r->L * 2 * d));
    }
    return VRAM_OK;
}

/*
 * DeepSeek V2/V3 (deepseek_v2/modeling_deepseek_v2.py,
 * deepseek_v3/modeling_deepseek_v3.py): multi-head latent attention
 * (q_lora_rank null -> a plain q_proj, as in DeepSeek-V2-Lite; an absent key
 * takes the class default 1536), routed experts of moe_intermediate_size
 * plus n_shared_experts, the first first_k_dense_replace layers dense.
 * transformers ignores moe_layer_freq; DeepSeek's own modeling_deepseek.py
 * makes layer i MoE when i % moe_layer_freq == 0, which is the same for the
 * value 1 every published config uses; other values are honoured per layer.
 * topk_method "noaux_tc" (V3) keeps an e_score_correction_bias of E per
 * MoE layer, priced as the router bias. The MTP layer
 * (num_nextn_predict_layers) is not part of the transformers model.
 */
static vram_status fam_deepseek(rd *r)
{
    const vram__jval *c = r->tc;
    bool v3 = r->f->kind == K_DEEPSEEK_V3;
    uint64_t I;
    TRY(inter(r, 0, &I));
    TRY(set(r, M(INTERMEDIATE_SIZE), I));
    TRY(set(r, M(FAMILY), VRAM_FAMILY_DEEPSEEK));
    bool ab = false;
    TRY(get_bool(r, c, "attention_bias", false, &ab));
    TRY(biases(r, ab, ab, false));
    /* MLA */
    uint64_t q = 1536, kvr = 512, nope = 128, rope = 64, vd = 128;
    const vram__jval *qm = vram__json_member(r->d, c, "q_lora_rank");
    if (qm)
        q = 0;
    if (qm && qm->type != VRAM__J_NULL)
        TRY(vram__json_as_u64(r->d, qm, &q));
    TRY(get_u64(r, c, "kv_lora_rank", &kvr, NULL));
    TRY(get_u64(r, c, "qk_nope_head_dim", &nope, NULL));
    TRY(get_u64(r, c, "qk_rope_head_dim", &rope, NULL));
    TRY(get_u64(r, c, "v_head_dim", &vd, NULL));
    TRY(set(r, M(Q_LORA_RANK), q));
    TRY(set(r, M(KV_LORA_RANK), kvr));
    TRY(set(r, M(QK_NOPE_HEAD_DIM), nope));
    TRY(set(r, M(QK_ROPE_HEAD_DIM), rope));
    TRY(set(r, M(V_HEAD_DIM), vd));
    /* MoE */
    uint64_t E = v3 ? 256 : 64, e = v3 ? 8 : 0, Im = v3 ? 2048 : 1407, ns = v3 ? 1 : 2;
    uint64_t kd = v3 ? 3 : 0, freq = 1;
    TRY(get_u64(r, c, "n_routed_experts", &E, NULL));
    TRY(get_u64(r, c, "num_experts_per_tok", &e, NULL));
    TRY(get_u64(r, c, "moe_intermediate_size", &Im, NULL));
    TRY(get_u64(r, c, "n_shared_experts", &ns, NULL));
    TRY(get_u64(r, c, "first_k_dense_replace", &kd, NULL));
    TRY(get_u64(r, c, "moe_layer_freq", &freq, NULL));
    if (E && e == 0)
        return vram__fail(VRAM_E_INCOMPLETE, "%s: required key \"num_experts_per_tok\" is missing "
                          "(%llu routed experts)", vram__json_what(r->d), (unsigned long long)E);
    if (freq == 0)
        return vram__fail(VRAM_E_RANGE, "%s: moe_layer_freq must be >= 1, got 0",
                          vram__json_what(r->d));
    TRY(set(r, M(NUM_EXPERTS), E));
    TRY(set(r, M(EXPERTS_PER_TOKEN), e));
    TRY(set(r, M(MOE_INTERMEDIATE_SIZE), Im));
    TRY(set(r, M(NUM_SHARED_EXPERTS), ns));
    TRY(set(r, M(FIRST_K_DENSE), kd > r->L ? r->L : kd));
    if (freq > 1)
        for (uint32_t i = 0; i < r->L; i++)
            layer_mlp(r->m, i, E && i >= kd && i % freq == 0);
    const char *tm = v3 ? "noaux_tc" : "greedy";
    TRY(vram__json_get_str(r->d, c, "topk_method", &tm, NULL));
    if (strcmp(tm, "noaux_tc") == 0)
        TRY(set(r, M(ROUTER_BIAS), 1));
    return VRAM_OK;
}

/*
 * Falcon (falcon/modeling_falcon.py, configuration_falcon.py; the original
 * tiiuae modelling_RW.py for the "RefinedWeb" (40B, 180B style: grouped KV
 * and two LayerNorms) and "RefinedWebModel" (7B style) model types):
 * query_key_value holds (a + 2k) * d with k = num_kv_heads under
 * new_decoder_architecture, 1 under multi_query, else a; dense; a plain MLP
 * of ffn_hidden_size (4h); LayerNorms: two when not parallel, two
 * (ln_attn, ln_mlp) for the new architecture, else one; `bias` on every
 * linear; the LM head tied to word_embeddings.
 */
static vram_status fam_falcon(rd *r)
{
    const vram__jval *c = r->tc;
    const char *mt = r->f->type;
    bool newarch = strcmp(mt, "RefinedWeb") == 0, mq = true, par = true, bias = false;
    TRY(get_bool(r, c, "new_decoder_architecture", newarch, &newarch));
    TRY(get_bool(r, c, "multi_query", true, &mq));
    TRY(get_bool(r, c, "parallel_attn", true, &par));
    TRY(get_bool(r, c, "bias", false, &bias));
    uint64_t k = r->a;
    if (newarch)
        k = r->k; /* num_kv_heads / n_head_kv, read by core() (default: a) */
    else if (mq)
        k = 1;
    TRY(set(r, M(NUM_KV_HEADS), k));
    uint64_t I = 4 * r->h;
    TRY(get_u64(r, c, "ffn_hidden_size", &I, NULL));
    TRY(set(r, M(INTERMEDIATE_SIZE), I));
    uint64_t nln = newarch ? 2 : 1;
    TRY(get_u64(r, c, "num_ln_in_parallel_attn", &nln, NULL));
    TRY(set(r, M(NORMS_PER_LAYER), !par ? 2 : nln == 2 ? 2 : 1));
    TRY(set(r, M(FAMILY), VRAM_FAMILY_FALCON));
    TRY(set(r, M(MLP_KIND), VRAM_MLP_PLAIN));
    TRY(set(r, M(NORM_KIND), VRAM_NORM_LAYER));
    TRY(set(r, M(FUSED_QKV), 1));
    TRY(set(r, M(PARALLEL_ATTN), par));
    return biases(r, bias, bias, bias);
}

/* GPT-2 (gpt2/modeling_gpt2.py): Conv1D c_attn (3h), c_proj, c_fc (n_inner,
 * 4h when null), c_proj, every one with a bias; ln_1, ln_2 and ln_f
 * LayerNorms; learned positions of n_positions; head tied to wte. */
static vram_status fam_gpt2(rd *r)
{
    uint64_t I = 4 * r->h, P = 1024;
    TRY(get_u64(r, r->tc, "n_inner", &I, NULL));
    TRY(get_u64(r, r->tc, "n_positions", &P, NULL));
    TRY(set(r, M(INTERMEDIATE_SIZE), I));
    TRY(set(r, M(LEARNED_POSITIONS), P));
    TRY(set(r, M(FAMILY), VRAM_FAMILY_GPT2));
    TRY(set(r, M(MLP_KIND), VRAM_MLP_PLAIN));
    TRY(set(r, M(NORM_KIND), VRAM_NORM_LAYER));
    TRY(set(r, M(FUSED_QKV), 1));
    return biases(r, true, true, true);
}

/* GPT-J (gptj/modeling_gptj.py): q/k/v/out_proj without bias, fc_in/fc_out
 * with bias, one ln_1 shared by the parallel attention and MLP, ln_f, an
 * untied lm_head with bias; rotary on rotary_dim of each head. */
static vram_status fam_gptj(rd *r)
{
    uint64_t I = 4 * r->h;
    TRY(get_u64(r, r->tc, "n_inner", &I, NULL));
    TRY(set(r, M(INTERMEDIATE_SIZE), I));
    TRY(set(r, M(FAMILY), VRAM_FAMILY_GPTJ));
    TRY(set(r, M(MLP_KIND), VRAM_MLP_PLAIN));
    TRY(set(r, M(NORM_KIND), VRAM_NORM_LAYER));
    TRY(set(r, M(NORMS_PER_LAYER), 1));
    TRY(set(r, M(PARALLEL_ATTN), 1));
    TRY(set(r, M(LM_HEAD_BIAS), 1));
    return biases(r, false, false, true);
}

/* GPT-NeoX / Pythia (gpt_neox/modeling_gpt_neox.py): query_key_value and
 * dense with attention_bias (true by default), dense_h_to_4h/dense_4h_to_h
 * with biases, input_layernorm and post_attention_layernorm even with the
 * parallel residual, final_layer_norm, an untied embed_out. */
static vram_status fam_neox(rd *r)
{
    uint64_t I;
    bool ab = true, par = true;
    TRY(inter(r, 0, &I));
    TRY(set(r, M(INTERMEDIATE_SIZE), I));
    TRY(get_bool(r, r->tc, "attention_bias", true, &ab));
    TRY(get_bool(r, r->tc, "use_parallel_residual", true, &par));
    TRY(set(r, M(FAMILY), VRAM_FAMILY_GPT_NEOX));
    TRY(set(r, M(MLP_KIND), VRAM_MLP_PLAIN));
    TRY(set(r, M(NORM_KIND), VRAM_NORM_LAYER));
    TRY(set(r, M(FUSED_QKV), 1));
    TRY(set(r, M(PARALLEL_ATTN), par));
    return biases(r, ab, ab, true);
}

/* MPT (mpt/configuration_mpt.py, modeling_mpt.py; mosaicml's remote
 * modeling_mpt.py for attn_type and learned positions): Wqkv, out_proj,
 * up_proj/down_proj of expansion_ratio * d_model (or ffn_config's
 * ffn_hidden_size), LayerNorms norm_1/norm_2/norm_f without bias under
 * no_bias, no linear biases under no_bias; ALiBi (attn_config.alibi) has no
 * position table, learned_pos_emb without ALiBi adds max_seq_len rows;
 * multiquery_attention has one KV head, grouped_query_attention kv_n_heads;
 * qk_ln normalises all q and k channels; the head is always tied. */
static vram_status fam_mpt(rd *r)
{
    const vram__jval *c = r->tc, *ac = vram__json_get(r->d, c, "attn_config");
    uint64_t ratio = 4, I, maxlen = 2048;
    bool nb = true, lpe = true, alibi = true, qkln = false;
    bool wide = false, given = false;
    TRY(get_u64(r, c, "expansion_ratio", &ratio, NULL));
    I = vram__sat_mul(ratio, r->h, &wide);
    const vram__jval *fc = vram__json_get(r->d, c, "ffn_config");
    if (fc)
        TRY(get_u64(r, fc, "ffn_hidden_size", &I, &given));
    if (wide && !given)
        return vram__fail(VRAM_E_RANGE, "%s: expansion_ratio %llu x d_model %llu does not fit in "
                          "64 bits", vram__json_what(r->d), (unsigned long long)ratio,
                          (unsigned long long)r->h);
    TRY(set(r, M(INTERMEDIATE_SIZE), I));
    TRY(get_bool(r, c, "no_bias", true, &nb));
    TRY(get_bool(r, c, "learned_pos_emb", true, &lpe));
    TRY(get_u64(r, c, "max_seq_len", &maxlen, NULL));
    uint64_t k = r->a;
    if (ac) {
        const char *at = "multihead_attention";
        TRY(get_bool(r, ac, "alibi", true, &alibi));
        TRY(get_bool(r, ac, "qk_ln", false, &qkln));
        TRY(vram__json_get_str(r->d, ac, "attn_type", &at, NULL));
        if (strcmp(at, "multiquery_attention") == 0)
            k = 1;
        else if (strcmp(at, "grouped_query_attention") == 0)
            TRY(get_u64(r, ac, "kv_n_heads", &k, NULL));
    }
    TRY(set(r, M(NUM_KV_HEADS), k));
    if (lpe && !alibi)
        TRY(set(r, M(LEARNED_POSITIONS), maxlen));
    TRY(set(r, M(TIE_WORD_EMBEDDINGS), 1));
    TRY(set(r, M(FAMILY), VRAM_FAMILY_MPT));
    TRY(set(r, M(MLP_KIND), VRAM_MLP_PLAIN));
    TRY(set(r, M(NORM_KIND), nb ? VRAM_NORM_LAYER_NO_BIAS : VRAM_NORM_LAYER));
    TRY(set(r, M(FUSED_QKV), 1));
    if (qkln) {
        TRY(set(r, M(QK_NORM), 2));
        if (!nb) /* the two LayerNorms' biases */
            TRY(set(r, M(EXTRA_PARAMS), r->L * (r->a + k) * (r->h / r->a)));
    }
    return biases(r, !nb, !nb, !nb);
}

/* StableLM (stablelm/modeling_stablelm.py): LayerNorms with bias,
 * use_qkv_bias on q/k/v, a gated MLP; one norm with use_parallel_residual;
 * qk_layernorm is a LayerNorm without bias per head (all q and k channels). */
static vram_status fam_stablelm(rd *r)
{
    uint64_t I;
    bool qb = false, par = false, qkln = false;
    TRY(inter(r, 0, &I));
    TRY(set(r, M(INTERMEDIATE_SIZE), I));
    TRY(get_bool(r, r->tc, "use_qkv_bias", false, &qb));
    TRY(get_bool(r, r->tc, "use_parallel_residual", false, &par));
    TRY(get_bool(r, r->tc, "qk_layernorm", false, &qkln));
    TRY(set(r, M(NORM_KIND), VRAM_NORM_LAYER));
    TRY(set(r, M(NORMS_PER_LAYER), par ? 1 : 2));
    TRY(set(r, M(PARALLEL_ATTN), par));
    if (qkln)
        TRY(set(r, M(QK_NORM), 2));
    return biases(r, qb, false, false);
}

/* OLMo (olmo/modeling_olmo.py: LayerNorm without parameters), OLMo 2
 * (olmo2/modeling_olmo2.py: q_norm/k_norm RMSNorms over all heads, norms
 * after attention and after the MLP instead of before), EXAONE 4
 * (exaone4/modular_exaone4.py: OLMo 2 layers with q_norm/k_norm over
 * head_dim; sliding layers from layer_types, else sliding_window_pattern:
 * an integer p (layer i global when (i+1) % p == 0) or a string of L/G
 * letters repeated over the layers, the last layer always global). */
static vram_status fam_olmo(rd *r)
{
    uint8_t kind = r->f->kind;
    uint64_t I;
    bool ab = false;
    TRY(inter(r, 0, &I));
    TRY(set(r, M(INTERMEDIATE_SIZE), I));
    TRY(get_bool(r, r->tc, "attention_bias", false, &ab));
    TRY(biases(r, ab, ab, false));
    if (kind == K_OLMO)
        return set(r, M(NORM_KIND), VRAM_NORM_NONPARAM);
    TRY(set(r, M(QK_NORM), kind == K_OLMO2 ? 2 : 1));
    if (kind != K_EXAONE4)
        return VRAM_OK;
    uint64_t win;
    TRY(window_of(r, 4096, &win));
    const vram__jval *lt = vram__json_get(r->d, r->tc, "layer_types");
    const vram__jval *pat = vram__json_get(r->d, r->tc, "sliding_window_pattern");
    if (lt) {
        TRY(layer_types(r, lt, win));
    } else if (win && (!pat || pat->type == VRAM__J_NUMBER)) {
        uint64_t p = 4;
        if (pat)
            TRY(vram__json_as_u64(r->d, pat, &p));
        if (p)
            TRY(set(r, M(SLIDING_PATTERN), p));
        else
            win = 0;
    } else if (win) {
        const char *s;
        TRY(vram__json_as_str(r->d, pat, &s));
        size_t n = strlen(s);
        for (size_t i = 0; i < n; i++)
            if (s[i] != 'L' && s[i] != 'G')
                return vram__json_fail_at(r->d, pat, VRAM_E_PARSE,
                                          "expected letters L and G, got \"%s\"", s);
        for (uint32_t i = 0; i < r->L; i++)
            layer_attn(r->m, i, n && i + 1 < r->L && s[i % n] == 'L');
    }
    if (win)
        TRY(set(r, M(SLIDING_WINDOW), win));
    return VRAM_OK;
}

/* gpt-oss (gpt_oss/modeling_gpt_oss.py, configuration_gpt_oss.py): biased
 * q/k/v/o, one sink per head, every layer MoE with num_local_experts fused
 * gate_up/down experts of intermediate_size (with biases) and a biased
 * router; sliding window 128 on the even layers unless layer_types says. */
static vram_status fam_gpt_oss(rd *r)
{
    const vram__jval *c = r->tc;
    uint64_t I, E = 128, e = 4, win;
    bool ab = true;
    TRY(inter(r, 0, &I));
    TRY(set(r, M(INTERMEDIATE_SIZE), I));
    TRY(set(r, M(MOE_INTERMEDIATE_SIZE), I));
    TRY(get_u64(r, c, "num_local_experts", &E, NULL));
    TRY(get_u64(r, c, "experts_per_token", &e, NULL));
    TRY(get_u64(r, c, "num_experts_per_tok", &e, NULL));
    TRY(get_bool(r, c, "attention_bias", true, &ab));
    TRY(set(r, M(FAMILY), VRAM_FAMILY_GPT_OSS));
    TRY(set(r, M(NUM_EXPERTS), E));
    TRY(set(r, M(EXPERTS_PER_TOKEN), e));
    TRY(set(r, M(ROUTER_BIAS), 1));
    TRY(biases(r, ab, ab, true));
    TRY(window_of(r, 128, &win));
    const vram__jval *lt = vram__json_get(r->d, c, "layer_types");
    if (lt)
        TRY(layer_types(r, lt, win));
    if (win) {
        TRY(set(r, M(SLIDING_WINDOW), win));
        TRY(set(r, M(SLIDING_PATTERN), 2));
    }
    return VRAM_OK;
}

/* Llama 4 text (llama4/modeling_llama4.py, configuration_llama4.py): MoE
 * layers (moe_layers, else every interleave_moe_layer_step-th) hold
 * num_local_experts experts of intermediate_size, a router without bias and
 * one shared expert of intermediate_size; the other layers a dense MLP of
 * intermediate_size_mlp. The QK norm is a parameter-free L2 norm. Layers
 * with RoPE use chunked attention of attention_chunk_size (priced as a
 * sliding window: at most that many tokens); NoPE layers (every
 * no_rope_layer_interval-th, 4) attend globally. */
static vram_status fam_llama4(rd *r)
{
    const vram__jval *c = r->tc;
    uint64_t Im, Id = 16384, E = 16, e = 1, step = 1, chunk = 8192, interval = 4;
    bool ab = false;
    TRY(inter(r, 0, &Im));
    TRY(get_u64(r, c, "intermediate_size_mlp", &Id, NULL));
    TRY(get_u64(r, c, "num_local_experts", &E, NULL));
    TRY(get_u64(r, c, "num_experts_per_tok", &e, NULL));
    TRY(get_u64(r, c, "interleave_moe_layer_step", &step, NULL));
    TRY(get_u64(r, c, "no_rope_layer_interval", &interval, NULL));
    TRY(get_bool(r, c, "attention_bias", false, &ab));
    const vram__jval *ch = vram__json_member(r->d, c, "attention_chunk_size");
    if (ch && ch->type == VRAM__J_NULL)
        chunk = 0;
    else if (ch)
        TRY(vram__json_as_u64(r->d, ch, &chunk));
    TRY(set(r, M(INTERMEDIATE_SIZE), Id));
    TRY(set(r, M(MOE_INTERMEDIATE_SIZE), Im));
    TRY(set(r, M(NUM_EXPERTS), E));
    TRY(set(r, M(EXPERTS_PER_TOKEN), e));
    TRY(set(r, M(NUM_SHARED_EXPERTS), 1));
    TRY(biases(r, ab, ab, false));
    const vram__jval *ml = vram__json_get(r->d, c, "moe_layers");
    if (ml) {
        for (uint32_t i = 0; i < r->L; i++)
            layer_mlp(r->m, i, false);
        TRY(layer_list(r, ml, true));
    } else {
        if (step == 0)
            return vram__fail(VRAM_E_RANGE, "%s: interleave_moe_layer_step must be >= 1, got 0",
                              vram__json_what(r->d));
        TRY(set(r, M(MOE_LAYER_STEP), step));
    }
    const vram__jval *lt = vram__json_get(r->d, c, "layer_types");
    const vram__jval *nr = vram__json_get(r->d, c, "no_rope_layers");
    if (lt) {
        TRY(layer_types(r, lt, chunk));
    } else if (chunk && nr && nr->type == VRAM__J_ARRAY && nr->count > 0) {
        if (nr->count < r->L)
            return vram__json_fail_at(r->d, nr, VRAM_E_INCONSISTENT,
                                      "%u entries for num_hidden_layers %llu", nr->count,
                                      (unsigned long long)r->L);
        uint32_t i = 0;
        for (const vram__jval *x = vram__json_child(r->d, nr); x && i < r->L;
             x = vram__json_next(r->d, x), i++) {
            uint64_t rope;
            TRY(vram__json_as_u64(r->d, x, &rope));
            layer_attn(r->m, i, rope != 0);
        }
    } else if (chunk && interval) {
        TRY(set(r, M(SLIDING_PATTERN), interval));
    } else {
        chunk = 0;
    }
    if (chunk)
        TRY(set(r, M(SLIDING_WINDOW), chunk));
    return VRAM_OK;
}

/* Molmo (allenai Molmo-7B-D remote code modeling_molmo.py): fused att_proj
 * (q/k/v, qkv_bias), attn_out, a SwiGLU ff_proj of intermediate_size whose
 * halves are the gate and the up projection, ff_out; embedding_size rows in
 * the token embedding and the untied output (weight_tying). The vision
 * backbone's shapes are not in config.json (the remote code builds them
 * from its own defaults), so extra_params stays 0 for Molmo. */
static vram_status fam_molmo(rd *r)
{
    uint64_t I, V = 0;
    bool qb = false, tie = false;
    TRY(need(r, r->tc, K_INTER, 0, &I));
    TRY(set(r, M(INTERMEDIATE_SIZE), I / 2));
    TRY(get_u64(r, r->tc, "embedding_size", &V, NULL));
    if (V)
        TRY(set(r, M(VOCAB_SIZE), V));
    TRY(get_bool(r, r->tc, "qkv_bias", false, &qb));
    TRY(get_bool(r, r->tc, "weight_tying", false, &tie));
    bool aln = false;
    TRY(get_bool(r, r->tc, "attention_layer_norm", false, &aln));
    if (aln)
        return vram__fail(VRAM_E_UNSUPPORTED, "%s: Molmo attention_layer_norm is not modelled",
                          vram__json_what(r->d));
    TRY(set(r, M(TIE_WORD_EMBEDDINGS), tie));
    TRY(set(r, M(FUSED_QKV), 1));
    TRY(set(r, M(FUSED_GATE_UP), 1));
    return biases(r, qb, false, false);
}

/*
 * OPT (huggingface/transformers src/transformers/models/opt/modeling_opt.py,
 * configuration_opt.py): embed_tokens of word_embed_proj_dim, learned
 * positions OPTLearnedPositionalEmbedding of max_position_embeddings + 2
 * rows (OPT's offset of 2), q/k/v/out_proj and fc1/fc2 (ffn_dim, ReLU) with
 * biases under enable_bias (true), self_attn_layer_norm and final_layer_norm
 * per layer (LayerNorms, without parameters when layer_norm_elementwise_affine
 * is false), a final LayerNorm only when do_layer_norm_before and not
 * _remove_final_layer_norm, the LM head tied to embed_tokens. When
 * word_embed_proj_dim differs from hidden_size (OPT-350m) the embedding is
 * narrower than the decoder and project_in/project_out map between them:
 * the model keys have no embedding width apart from hidden_size, so such a
 * config is refused rather than miscounted. The module names are OPT's own
 * (q_proj k_proj v_proj out_proj fc1 fc2); ::vram_family has no OPT member,
 * and VRAM_FAMILY_PHI (q_proj k_proj v_proj dense fc1 fc2) is the nearest:
 * every name matches but the attention output's (dense for out_proj).
 */
static vram_status fam_opt(rd *r)
{
    const vram__jval *c = r->tc;
    uint64_t I = r->f->inter, P = r->f->max_pos, wpd = r->h;
    bool bias = true, before = true, remove_final = false, affine = true;
    TRY(get_u64(r, c, "ffn_dim", &I, NULL));
    TRY(get_u64(r, c, "max_position_embeddings", &P, NULL));
    TRY(get_u64(r, c, "word_embed_proj_dim", &wpd, NULL));
    TRY(get_bool(r, c, "enable_bias", true, &bias));
    TRY(get_bool(r, c, "do_layer_norm_before", true, &before));
    TRY(get_bool(r, c, "_remove_final_layer_norm", false, &remove_final));
    TRY(get_bool(r, c, "layer_norm_elementwise_affine", true, &affine));
    if (wpd != r->h)
        return vram__fail(VRAM_E_UNSUPPORTED, "%s: OPT word_embed_proj_dim %llu differs from "
                          "hidden_size %llu (project_in/project_out): an embedding narrower than "
                          "the decoder is not modelled", vram__json_what(r->d),
                          (unsigned long long)wpd, (unsigned long long)r->h);
    TRY(set(r, M(INTERMEDIATE_SIZE), I));
    TRY(set(r, M(LEARNED_POSITIONS), P + 2));
    TRY(set(r, M(FAMILY), VRAM_FAMILY_PHI));
    TRY(set(r, M(MLP_KIND), VRAM_MLP_PLAIN));
    TRY(set(r, M(NORM_KIND), affine ? VRAM_NORM_LAYER : VRAM_NORM_NONPARAM));
    TRY(set(r, M(FINAL_NORM), before && !remove_final));
    return biases(r, bias, bias, bias);
}

/*
 * BLOOM (huggingface/transformers src/transformers/models/bloom/
 * modeling_bloom.py, configuration_bloom.py): ALiBi, so no position table;
 * word_embeddings followed by word_embeddings_layernorm (a LayerNorm over
 * hidden_size, counted in extra_params); per block input_layernorm and
 * post_attention_layernorm, a fused query_key_value h -> 3h with bias, dense
 * h -> h with bias, BloomMLP dense_h_to_4h / dense_4h_to_h of 4 x hidden_size
 * (n_inner is not read) with biases and GELU; ln_f; the LM head tied to
 * word_embeddings. The module names are GPT-NeoX's.
 */
static vram_status fam_bloom(rd *r)
{
    TRY(set(r, M(INTERMEDIATE_SIZE), 4 * r->h));
    TRY(set(r, M(FAMILY), VRAM_FAMILY_GPT_NEOX));
    TRY(set(r, M(MLP_KIND), VRAM_MLP_PLAIN));
    TRY(set(r, M(NORM_KIND), VRAM_NORM_LAYER));
    TRY(set(r, M(FUSED_QKV), 1));
    uint64_t extra = r->m->v[VRAM__M_EXTRA_PARAMS];
    bool ovf = false;
    TRY(set(r, M(EXTRA_PARAMS), vram__sat_add(extra, 2 * r->h, &ovf)));
    return biases(r, true, true, true);
}

/*
 * GPTBigCode / StarCoder (huggingface/transformers src/transformers/models/
 * gpt_bigcode/modeling_gpt_bigcode.py): wte and learned positions wpe of
 * n_positions; per block ln_1 and ln_2 (LayerNorms), c_attn of
 * h + 2 x kv_dim with bias, where multi_query (true by default) gives one KV
 * head (kv_dim = head_dim) and otherwise as many as the query heads, c_proj
 * with bias, an MLP c_fc / c_proj of n_inner (4h when null) with biases;
 * ln_f; the LM head tied to wte. The module names are GPT-2's.
 */
static vram_status fam_gpt_bigcode(rd *r)
{
    uint64_t I = 4 * r->h, P = r->f->max_pos;
    bool mq = true;
    TRY(get_u64(r, r->tc, "n_inner", &I, NULL));
    TRY(get_u64(r, r->tc, "n_positions", &P, NULL));
    TRY(get_bool(r, r->tc, "multi_query", true, &mq));
    TRY(set(r, M(NUM_KV_HEADS), mq ? 1 : r->a));
    TRY(set(r, M(INTERMEDIATE_SIZE), I));
    TRY(set(r, M(LEARNED_POSITIONS), P));
    TRY(set(r, M(FAMILY), VRAM_FAMILY_GPT2));
    TRY(set(r, M(MLP_KIND), VRAM_MLP_PLAIN));
    TRY(set(r, M(NORM_KIND), VRAM_NORM_LAYER));
    TRY(set(r, M(FUSED_QKV), 1));
    return biases(r, true, true, true);
}

/* Unknown model_type: Llama-style blocks from the generic keys. */
static vram_status fam_generic(rd *r)
{
    return fam_llama(r);
}

/* -------------------------------------------------------- vision towers */

/* Saturating sums; an overflow is reported once at the end. */
typedef struct vsum {
    uint64_t v;
    bool ovf;
} vsum;
static void vadd(vsum *s, uint64_t x) { s->v = vram__sat_add(s->v, x, &s->ovf); }
static uint64_t vmul(vsum *s, uint64_t a, uint64_t b) { return vram__sat_mul(a, b, &s->ovf); }
/* a linear layer of in -> out with (optional) bias */
static void vlin(vsum *s, uint64_t in, uint64_t out, bool bias)
{
    vadd(s, vmul(s, in, out));
    if (bias)
        vadd(s, out);
}
/* n identical layers: one layer's count times n, never a loop over a count
 * the document chose (2^64 layers would loop for hours) */
static void vlayers(vsum *s, uint64_t n, const vsum *one)
{
    s->ovf |= one->ovf;
    vadd(s, vmul(s, n, one->v));
}

static vram_status vget(const rd *r, const vram__jval *vc, const char *key, uint64_t def,
                        uint64_t *out)
{
    *out = def;
    bool found;
    TRY(vram__json_get_u64(r->d, vc, key, out, &found));
    if (!found && def == 0)
        return vram__fail(VRAM_E_INCOMPLETE, "%s: required key \"vision_config.%s\" is missing",
                          vram__json_what(r->d), key);
    return VRAM_OK;
}

/* A ViT encoder layer of CLIP / SigLIP (clip/modeling_clip.py
 * CLIPEncoderLayer, siglip/modeling_siglip.py SiglipEncoderLayer): biased
 * q/k/v/out projections, two LayerNorms, fc1/fc2 with biases. */
static void vit_layer(vsum *s, uint64_t e, uint64_t I)
{
    for (int i = 0; i < 4; i++)
        vlin(s, e, e, true);
    vadd(s, vmul(s, 4, e));
    vlin(s, e, I, true);
    vlin(s, I, e, true);
}

/* CLIP vision (clip/modeling_clip.py CLIPVisionTransformer; defaults of
 * CLIPVisionConfig): class embedding e, a bias-free patch convolution
 * ch*p*p*e, (patches + 1) * e positions, pre_layrnorm and post_layernorm. */
static vram_status clip_vision(const rd *r, const vram__jval *vc, vsum *s, uint64_t *e_out)
{
    uint64_t e, I, L, img, p, ch;
    TRY(vget(r, vc, "hidden_size", 768, &e));
    TRY(vget(r, vc, "intermediate_size", 3072, &I));
    TRY(vget(r, vc, "num_hidden_layers", 12, &L));
    TRY(vget(r, vc, "image_size", 224, &img));
    TRY(vget(r, vc, "patch_size", 32, &p));
    TRY(vget(r, vc, "num_channels", 3, &ch));
    if (p == 0 || img % p)
        return vram__fail(VRAM_E_INCONSISTENT, "%s: vision_config.image_size %llu is not a "
                          "multiple of patch_size %llu", vram__json_what(r->d),
                          (unsigned long long)img, (unsigned long long)p);
    uint64_t np = vmul(s, img / p, img / p);
    vsum one = {0, false};
    vadd(s, e);
    vadd(s, vmul(s, vmul(s, vmul(s, ch, p), p), e));
    vadd(s, vmul(s, vram__sat_add(np, 1, &s->ovf), e));
    vadd(s, vmul(s, 4, e));
    vit_layer(&one, e, I);
    vlayers(s, L, &one);
    *e_out = e;
    return VRAM_OK;
}

/* SigLIP vision (siglip/modeling_siglip.py SiglipVisionTransformer): a
 * biased patch convolution, patches * e positions, post_layernorm, and the
 * attention-pooling head unless vision_use_head is false (probe e,
 * nn.MultiheadAttention 4e^2 + 4e, LayerNorm, fc1/fc2). */
static vram_status siglip_vision(const rd *r, const vram__jval *vc, vsum *s, uint64_t *e_out)
{
    uint64_t e, I, L, img, p, ch;
    bool head = true;
    TRY(vget(r, vc, "hidden_size", 768, &e));
    TRY(vget(r, vc, "intermediate_size", 3072, &I));
    TRY(vget(r, vc, "num_hidden_layers", 12, &L));
    TRY(vget(r, vc, "image_size", 224, &img));
    TRY(vget(r, vc, "patch_size", 16, &p));
    TRY(vget(r, vc, "num_channels", 3, &ch));
    TRY(vram__json_get_bool(r->d, vc, "vision_use_head", &head, NULL));
    if (p == 0 || img % p)
        return vram__fail(VRAM_E_INCONSISTENT, "%s: vision_config.image_size %llu is not a "
                          "multiple of patch_size %llu", vram__json_what(r->d),
                          (unsigned long long)img, (unsigned long long)p);
    uint64_t np = vmul(s, img / p, img / p);
    vsum one = {0, false};
    vadd(s, vmul(s, vmul(s, vmul(s, ch, p), p), e));
    vadd(s, e);
    vadd(s, vmul(s, np, e));
    vit_layer(&one, e, I);
    vlayers(s, L, &one);
    vadd(s, vmul(s, 2, e));
    if (head) {
        vadd(s, e);
        vlin(s, e, vmul(s, 3, e), true);
        vlin(s, e, e, true);
        vadd(s, vmul(s, 2, e));
        vlin(s, e, I, true);
        vlin(s, I, e, true);
    }
    *e_out = e;
    return VRAM_OK;
}

/* Qwen2-VL vision (qwen2_vl/modeling_qwen2_vl.py): a bias-free Conv3d patch
 * embedding in*t*p*p*e, blocks of two LayerNorms, qkv and proj with biases
 * and a plain MLP of embed_dim * mlp_ratio with biases; the PatchMerger: a
 * LayerNorm over e, then merge^2 * e -> merge^2 * e -> hidden_size. */
static vram_status qwen2_vl_vision(const rd *r, const vram__jval *vc, vsum *s)
{
    uint64_t e, depth, ratio, in, p, t, mg, out;
    TRY(vget(r, vc, "embed_dim", 1280, &e));
    TRY(vget(r, vc, "depth", 32, &depth));
    TRY(vget(r, vc, "mlp_ratio", 4, &ratio));
    in = 3;
    TRY(vram__json_get_u64(r->d, vc, "in_chans", &in, NULL));
    TRY(vram__json_get_u64(r->d, vc, "in_channels", &in, NULL));
    TRY(vget(r, vc, "patch_size", 14, &p));
    TRY(vget(r, vc, "temporal_patch_size", 2, &t));
    TRY(vget(r, vc, "spatial_merge_size", 2, &mg));
    TRY(vget(r, vc, "hidden_size", 0, &out));
    uint64_t m = vmul(s, e, ratio), mh = vmul(s, e, vmul(s, mg, mg));
    vsum one = {0, false};
    vadd(s, vmul(s, vmul(s, vmul(s, in, t), vmul(s, p, p)), e));
    vadd(&one, vmul(&one, 4, e));
    vlin(&one, e, vmul(&one, 3, e), true);
    vlin(&one, e, e, true);
    vlin(&one, e, m, true);
    vlin(&one, m, e, true);
    vlayers(s, depth, &one);
    vadd(s, vmul(s, 2, e));
    vlin(s, mh, mh, true);
    vlin(s, mh, out, true);
    return VRAM_OK;
}

/* Qwen2.5-VL vision (qwen2_5_vl/modeling_qwen2_5_vl.py): as Qwen2-VL with
 * RMSNorms and a gated MLP (gate/up/down, biased) of intermediate_size; the
 * merger's ln_q is an RMSNorm; output out_hidden_size. */
static vram_status qwen2_5_vl_vision(const rd *r, const vram__jval *vc, vsum *s)
{
    uint64_t e, depth, I, in = 3, p, t, mg, out;
    TRY(vget(r, vc, "hidden_size", 0, &e));
    TRY(vget(r, vc, "depth", 0, &depth));
    TRY(vget(r, vc, "intermediate_size", 0, &I));
    TRY(vram__json_get_u64(r->d, vc, "in_chans", &in, NULL));
    TRY(vram__json_get_u64(r->d, vc, "in_channels", &in, NULL));
    TRY(vget(r, vc, "patch_size", 14, &p));
    TRY(vget(r, vc, "temporal_patch_size", 2, &t));
    TRY(vget(r, vc, "spatial_merge_size", 2, &mg));
    TRY(vget(r, vc, "out_hidden_size", 0, &out));
    uint64_t mh = vmul(s, e, vmul(s, mg, mg));
    vsum one = {0, false};
    vadd(s, vmul(s, vmul(s, vmul(s, in, t), vmul(s, p, p)), e));
    vadd(&one, vmul(&one, 2, e));
    vlin(&one, e, vmul(&one, 3, e), true);
    vlin(&one, e, e, true);
    vlin(&one, e, I, true);
    vlin(&one, e, I, true);
    vlin(&one, I, e, true);
    vlayers(s, depth, &one);
    vadd(s, e);
    vlin(s, mh, mh, true);
    vlin(s, mh, out, true);
    return VRAM_OK;
}

/* Qwen3-VL vision (qwen3_vl/modeling_qwen3_vl.py): a biased Conv3d patch
 * embedding, a learned table of num_position_embeddings, blocks as Qwen2-VL
 * with a plain MLP of intermediate_size, the merger (LayerNorm over e) and
 * one more merger per deepstack_visual_indexes entry whose LayerNorm spans
 * merge^2 * e. */
static vram_status qwen3_vl_vision(const rd *r, const vram__jval *vc, vsum *s)
{
    uint64_t e, depth, I, in = 3, p, t, mg, out, npos;
    TRY(vget(r, vc, "hidden_size", 0, &e));
    TRY(vget(r, vc, "depth", 0, &depth));
    TRY(vget(r, vc, "intermediate_size", 0, &I));
    TRY(vram__json_get_u64(r->d, vc, "in_channels", &in, NULL));
    TRY(vget(r, vc, "patch_size", 16, &p));
    TRY(vget(r, vc, "temporal_patch_size", 2, &t));
    TRY(vget(r, vc, "spatial_merge_size", 2, &mg));
    TRY(vget(r, vc, "out_hidden_size", 0, &out));
    TRY(vget(r, vc, "num_position_embeddings", 0, &npos));
    const vram__jval *ds = vram__json_get(r->d, vc, "deepstack_visual_indexes");
    uint64_t nds = ds && ds->type == VRAM__J_ARRAY ? ds->count : 0;
    uint64_t mh = vmul(s, e, vmul(s, mg, mg));
    vsum one = {0, false};
    vadd(s, vmul(s, vmul(s, vmul(s, in, t), vmul(s, p, p)), e));
    vadd(s, e);
    vadd(s, vmul(s, npos, e));
    vadd(&one, vmul(&one, 4, e));
    vlin(&one, e, vmul(&one, 3, e), true);
    vlin(&one, e, e, true);
    vlin(&one, e, I, true);
    vlin(&one, I, e, true);
    vlayers(s, depth, &one);
    for (uint64_t i = 0; i <= nds; i++) {
        vadd(s, vmul(s, 2, i == 0 ? e : mh));
        vlin(s, mh, mh, true);
        vlin(s, mh, out, true);
    }
    return VRAM_OK;
}

/* InternViT (OpenGVLab InternVL modeling_intern_vit.py): class embedding, a
 * biased patch convolution, (patches + 1) * e positions; layers of qkv
 * (qkv_bias), optional q/k RMSNorms over e (qk_normalization), a biased
 * proj, fc1/fc2 with biases, norm1/norm2 (LayerNorm or RMSNorm by
 * norm_type) and the layer scales ls1/ls2. Then InternVLChatModel's mlp1:
 * a LayerNorm over e * (1/downsample_ratio)^2, a linear to the LLM width and
 * one LLM-width linear, both biased (modeling_internvl_chat.py). */
static vram_status internvit_vision(const rd *r, const vram__jval *vc, uint64_t llm_h, vsum *s)
{
    uint64_t e, I, L, img, p, ch;
    bool qkvb = false, qkn = false;
    const char *nt = "rms_norm";
    TRY(vget(r, vc, "hidden_size", 0, &e));
    TRY(vget(r, vc, "intermediate_size", 0, &I));
    TRY(vget(r, vc, "num_hidden_layers", 0, &L));
    TRY(vget(r, vc, "image_size", 0, &img));
    TRY(vget(r, vc, "patch_size", 0, &p));
    TRY(vget(r, vc, "num_channels", 3, &ch));
    TRY(vram__json_get_bool(r->d, vc, "qkv_bias", &qkvb, NULL));
    TRY(vram__json_get_bool(r->d, vc, "qk_normalization", &qkn, NULL));
    TRY(vram__json_get_str(r->d, vc, "norm_type", &nt, NULL));
    bool ln = strcmp(nt, "layer_norm") == 0;
    if (!ln && strcmp(nt, "rms_norm") != 0)
        return vram__fail(VRAM_E_UNSUPPORTED, "%s: vision_config.norm_type \"%s\" is not supported",
                          vram__json_what(r->d), nt);
    if (p == 0 || img % p)
        return vram__fail(VRAM_E_INCONSISTENT, "%s: vision_config.image_size %llu is not a "
                          "multiple of patch_size %llu", vram__json_what(r->d),
                          (unsigned long long)img, (unsigned long long)p);
    uint64_t np = vmul(s, img / p, img / p);
    vsum one = {0, false};
    vadd(s, e);
    vadd(s, vmul(s, vmul(s, vmul(s, ch, p), p), e));
    vadd(s, e);
    vadd(s, vmul(s, vram__sat_add(np, 1, &s->ovf), e));
    vlin(&one, e, vmul(&one, 3, e), qkvb);
    if (qkn)
        vadd(&one, vmul(&one, 2, e));
    vlin(&one, e, e, true);
    vlin(&one, e, I, true);
    vlin(&one, I, e, true);
    vadd(&one, vmul(&one, ln ? 4 : 2, e));
    vadd(&one, vmul(&one, 2, e));
    vlayers(s, L, &one);
    double ratio = 0.5;
    TRY(vram__json_get_f64(r->d, r->top, "downsample_ratio", &ratio, NULL));
    double inv = ratio > 0 ? 1.0 / ratio : 0;
    if (!(inv >= 1 && inv <= 64 && inv == floor(inv)))
        return vram__fail(VRAM_E_UNSUPPORTED, "%s: downsample_ratio must be 1/n for an integer n",
                          vram__json_what(r->d));
    uint64_t e4 = vmul(s, e, (uint64_t)inv * (uint64_t)inv);
    vadd(s, vmul(s, 2, e4));
    vlin(s, e4, llm_h, true);
    vlin(s, llm_h, llm_h, true);
    return VRAM_OK;
}

/* The vision tower and projector of a composite config, into extra_params. */
static vram_status vision(rd *r, uint8_t vlm)
{
    const vram__jval *vc = vram__json_get(r->d, r->top, "vision_config");
    vsum s = {0, false};
    uint64_t e = 0;
    if (!vc || vc->type != VRAM__J_OBJECT)
        return VRAM_OK; /* no vision config: nothing derivable */
    switch (vlm) {
    case V_LLAVA:
    case V_LLAVA_NEXT: {
        /* llava/modeling_llava.py: the vision tower (CLIP or SigLIP by its
         * model_type) and LlavaMultiModalProjector linear_1 (vision width x
         * number of feature layers -> text width) and linear_2 (text ->
         * text), biased unless multimodal_projector_bias is false;
         * llava_next adds image_newline, one text-width vector. */
        const char *vt = "clip_vision_model";
        TRY(vram__json_get_str(r->d, vc, "model_type", &vt, NULL));
        if (strcmp(vt, "clip_vision_model") == 0)
            TRY(clip_vision(r, vc, &s, &e));
        else if (strcmp(vt, "siglip_vision_model") == 0)
            TRY(siglip_vision(r, vc, &s, &e));
        else
            return VRAM_OK; /* another tower: not derivable here */
        const vram__jval *fl = vram__json_get(r->d, r->top, "vision_feature_layer");
        uint64_t nfl = fl && fl->type == VRAM__J_ARRAY ? fl->count : 1;
        bool pb = true;
        TRY(vram__json_get_bool(r->d, r->top, "multimodal_projector_bias", &pb, NULL));
        vlin(&s, vmul(&s, e, nfl), r->h, pb);
        vlin(&s, r->h, r->h, pb);
        if (vlm == V_LLAVA_NEXT)
            vadd(&s, r->h);
        break;
    }
    case V_GEMMA3:
        /* gemma3/modeling_gemma3.py: a SigLIP tower and
         * Gemma3MultiModalProjector: mm_input_projection_weight (vision
         * width x text width) and mm_soft_emb_norm over the vision width */
        TRY(siglip_vision(r, vc, &s, &e));
        vadd(&s, vmul(&s, e, r->h));
        vadd(&s, e);
        break;
    case V_QWEN2_VL:
        TRY(qwen2_vl_vision(r, vc, &s));
        break;
    case V_QWEN2_5_VL:
        TRY(qwen2_5_vl_vision(r, vc, &s));
        break;
    case V_QWEN3_VL:
        TRY(qwen3_vl_vision(r, vc, &s));
        break;
    case V_INTERNVL:
        TRY(internvit_vision(r, vc, r->h, &s));
        break;
    default:
        /* Llama 4's vision encoder and adapter: not counted here (its
         * unfold patch embedding, pixel-shuffle adapter and projector are
         * not described by vision_config alone); extra_params stays 0 */
        return VRAM_OK;
    }
    if (s.ovf)
        return vram__fail(VRAM_E_OVERFLOW, "%s: the vision tower's parameter count overflows",
                          vram__json_what(r->d));
    uint64_t extra = r->m->v[VRAM__M_EXTRA_PARAMS];
    return set(r, M(EXTRA_PARAMS), vram__sat_add(extra, s.v, &s.ovf));
}

/* ------------------------------------------------------------ quantization */

static uint64_t group_of(int64_t g)
{
    return g < 0 ? VRAM_GROUP_PER_CHANNEL : (uint64_t)g;
}

static vram_status get_group(rd *r, const vram__jval *q, const char *key, uint64_t *out)
{
    const vram__jval *v = vram__json_get(r->d, q, key);
    if (!v)
        return VRAM_OK;
    int64_t g;
    TRY(vram__json_as_i64(r->d, v, &g));
    if (g == 0 || g < -1)
        return vram__json_fail_at(r->d, v, VRAM_E_RANGE, "group size must be > 0 or -1, got %lld",
                                  (long long)g);
    *out = group_of(g);
    return VRAM_OK;
}

/* compressed-tensors (neuralmagic compressed-tensors QuantizationScheme,
 * transformers quantizers/quantizer_compressed_tensors.py): the weights of
 * the first config group: int -> "int" with num_bits and group_size
 * ("group"), one group per row ("channel"; "tensor", one scale for the
 * whole matrix, is priced as per-channel, an upper bound of out x 2 bytes);
 * float 8-bit -> fp8 (per tensor, or per block with block_structure n x n).
 * The ignore list decides whether lm_head is quantized (targets "Linear"
 * include it otherwise). */
static vram_status quant_ct(rd *r, const vram__jval *q)
{
    const vram__jval *groups = vram__json_get(r->d, q, "config_groups");
    const vram__jval *w = NULL;
    for (const vram__jval *g = vram__json_child(r->d, groups); g && !w; g = vram__json_next(r->d, g))
        w = vram__json_get(r->d, g, "weights");
    if (!w) {
        const char *fmt = "";
        TRY(vram__json_get_str(r->d, q, "format", &fmt, NULL));
        if (strcmp(fmt, "dense") == 0)
            return set(r, M(QUANT), VRAM_QUANT_NONE);
        return vram__fail(VRAM_E_INCOMPLETE, "%s: quantization_config.config_groups has no "
                          "weights scheme", vram__json_what(r->d));
    }
    const char *type = "int", *strategy = "tensor";
    uint64_t bits = 8, group = 0;
    TRY(vram__json_get_str(r->d, w, "type", &type, NULL));
    TRY(vram__json_get_str(r->d, w, "strategy", &strategy, NULL));
    TRY(get_u64(r, w, "num_bits", &bits, NULL));
    if (strcmp(type, "int") == 0) {
        TRY(set(r, M(QUANT), VRAM_QUANT_INT));
        TRY(set(r, M(QUANT_BITS), bits));
        if (strcmp(strategy, "group") == 0) {
            TRY(get_group(r, w, "group_size", &group));
            if (!group)
                return vram__fail(VRAM_E_INCOMPLETE, "%s: compressed-tensors strategy group "
                                  "without group_size", vram__json_what(r->d));
        } else if (strcmp(strategy, "channel") == 0 || strcmp(strategy, "tensor") == 0) {
            group = VRAM_GROUP_PER_CHANNEL;
        } else {
            return vram__fail(VRAM_E_UNSUPPORTED, "%s: compressed-tensors int strategy \"%s\" is "
                              "not supported", vram__json_what(r->d), strategy);
        }
        TRY(set(r, M(QUANT_GROUP_SIZE), group));
    } else if (strcmp(type, "float") == 0 && bits == 8) {
        TRY(set(r, M(QUANT), VRAM_QUANT_FP8));
        TRY(set(r, M(QUANT_BITS), 8));
        if (strcmp(strategy, "block") == 0) {
            const vram__jval *bs = vram__json_get(r->d, w, "block_structure");
            const vram__jval *b0 = vram__json_child(r->d, bs), *b1 = vram__json_next(r->d, b0);
            uint64_t n0 = 0, n1 = 0;
            if (!b0 || !b1 || bs->count != 2)
                return vram__fail(VRAM_E_INCOMPLETE, "%s: compressed-tensors block strategy "
                                  "without a [n, n] block_structure", vram__json_what(r->d));
            TRY(vram__json_as_u64(r->d, b0, &n0));
            TRY(vram__json_as_u64(r->d, b1, &n1));
            if (n0 != n1)
                return vram__json_fail_at(r->d, bs, VRAM_E_UNSUPPORTED,
                                          "only square blocks are modelled");
            TRY(set(r, M(QUANT_BLOCK_SIZE), n0));
        }
    } else {
        return vram__fail(VRAM_E_UNSUPPORTED, "%s: compressed-tensors %s weights of %llu bits are "
                          "not supported", vram__json_what(r->d), type, (unsigned long long)bits);
    }
    bool ignore_head = false;
    const vram__jval *ig = vram__json_get(r->d, q, "ignore");
    for (const vram__jval *x = vram__json_child(r->d, ig); x; x = vram__json_next(r->d, x)) {
        const char *s = vram__json_str_raw(r->d, x, NULL);
        if (s && strcmp(s, "lm_head") == 0)
            ignore_head = true;
    }
    return set(r, M(QUANT_LM_HEAD), !ignore_head);
}

/* quantization_config (transformers utils/quantization_config.py:
 * GPTQConfig, AwqConfig, BitsAndBytesConfig, FineGrainedFP8Config /
 * "fp8", CompressedTensorsConfig, Mxfp4Config). */
static vram_status quant(rd *r, const vram__jval *q)
{
    if (q->type != VRAM__J_OBJECT)
        return vram__json_fail_at(r->d, q, VRAM_E_PARSE, "expected an object");
    const char *method = NULL;
    TRY(vram__json_get_str(r->d, q, "quant_method", &method, NULL));
    if (!method)
        return vram__json_fail_at(r->d, q, VRAM_E_INCOMPLETE, "quant_method is missing");
    if (vram__name_eq(method, "gptq")) {
        /* bits, group_size (-1: one group per column), lm_head */
        uint64_t bits = 4, group = 128;
        bool head = false;
        TRY(get_u64(r, q, "bits", &bits, NULL));
        TRY(get_group(r, q, "group_size", &group));
        TRY(get_bool(r, q, "lm_head", false, &head));
        TRY(set(r, M(QUANT), VRAM_QUANT_GPTQ));
        TRY(set(r, M(QUANT_BITS), bits));
        TRY(set(r, M(QUANT_GROUP_SIZE), group));
        return set(r, M(QUANT_LM_HEAD), head);
    }
    if (vram__name_eq(method, "awq")) {
        /* bits (AutoAWQ: w_bit), group_size (q_group_size) */
        uint64_t bits = 4, group = 128;
        TRY(get_u64(r, q, "w_bit", &bits, NULL));
        TRY(get_u64(r, q, "bits", &bits, NULL));
        TRY(get_group(r, q, "q_group_size", &group));
        TRY(get_group(r, q, "group_size", &group));
        TRY(set(r, M(QUANT), VRAM_QUANT_AWQ));
        TRY(set(r, M(QUANT_BITS), bits));
        return set(r, M(QUANT_GROUP_SIZE), group);
    }
    if (vram__name_eq(method, "bitsandbytes")) {
        /* load_in_4bit / load_in_8bit (older files: _load_in_*);
         * bnb_4bit_quant_type "fp4" by default, "nf4";
         * bnb_4bit_use_double_quant */
        bool b4 = false, b8 = false, dq = false;
        TRY(get_bool(r, q, "_load_in_4bit", false, &b4));
        TRY(get_bool(r, q, "load_in_4bit", b4, &b4));
        TRY(get_bool(r, q, "_load_in_8bit", false, &b8));
        TRY(get_bool(r, q, "load_in_8bit", b8, &b8));
        if (b4) {
            const char *qt = "fp4";
            TRY(vram__json_get_str(r->d, q, "bnb_4bit_quant_type", &qt, NULL));
            TRY(get_bool(r, q, "bnb_4bit_use_double_quant", false, &dq));
            if (strcmp(qt, "nf4") != 0 && strcmp(qt, "fp4") != 0)
                return vram__fail(VRAM_E_UNSUPPORTED, "%s: bnb_4bit_quant_type \"%s\" is not "
                                  "nf4 or fp4", vram__json_what(r->d), qt);
            TRY(set(r, M(QUANT), qt[0] == 'n' ? VRAM_QUANT_BNB_NF4 : VRAM_QUANT_BNB_FP4));
            TRY(set(r, M(QUANT_BITS), 4));
            return set(r, M(QUANT_DOUBLE_QUANT), dq);
        }
        if (b8) {
            TRY(set(r, M(QUANT), VRAM_QUANT_BNB_INT8));
            return set(r, M(QUANT_BITS), 8);
        }
        return vram__fail(VRAM_E_INCOMPLETE, "%s: quantization_config bitsandbytes has neither "
                          "load_in_4bit nor load_in_8bit", vram__json_what(r->d));
    }
    if (vram__name_eq(method, "fp8")) {
        /* weight_block_size [n, n]: one fp32 scale per n x n block */
        TRY(set(r, M(QUANT), VRAM_QUANT_FP8));
        const vram__jval *bs = vram__json_get(r->d, q, "weight_block_size");
        if (bs) {
            const vram__jval *b0 = vram__json_child(r->d, bs), *b1 = vram__json_next(r->d, b0);
            uint64_t n0 = 0, n1 = 0;
            if (bs->type != VRAM__J_ARRAY || bs->count != 2)
                return vram__json_fail_at(r->d, bs, VRAM_E_PARSE, "expected [rows, columns]");
            TRY(vram__json_as_u64(r->d, b0, &n0));
            TRY(vram__json_as_u64(r->d, b1, &n1));
            if (n0 != n1)
                return vram__json_fail_at(r->d, bs, VRAM_E_UNSUPPORTED,
                                          "only square blocks are modelled");
            TRY(set(r, M(QUANT_BLOCK_SIZE), n0));
        }
        return set(r, M(QUANT_BITS), 8);
    }
    if (vram__name_eq(method, "compressed-tensors"))
        return quant_ct(r, q);
    if (vram__name_eq(method, "mxfp4")) {
        /* gpt-oss: the MoE experts in MXFP4 (dtype.c prices experts only) */
        TRY(set(r, M(QUANT), VRAM_QUANT_MXFP4));
        return set(r, M(QUANT_BITS), 4);
    }
    return vram__fail(VRAM_E_UNSUPPORTED, "%s: quantization_config.quant_method \"%s\" is not "
                      "supported", vram__json_what(r->d), method);
}

/* ---------------------------------------------------------------- driver */

static const fam *find_fam(const char *type)
{
    for (size_t i = 0; i < sizeof fams / sizeof fams[0]; i++)
        if (strcmp(fams[i].type, type) == 0)
            return &fams[i];
    return NULL;
}

/* model_type of an object, else from architectures[0], else NULL. */
static vram_status type_of(const rd *r, const vram__jval *obj, const char **out)
{
    *out = NULL;
    TRY(vram__json_get_str(r->d, obj, "model_type", out, NULL));
    if (*out)
        return VRAM_OK;
    const vram__jval *ar = vram__json_get(r->d, obj, "architectures");
    const char *a0 = vram__json_str_raw(r->d, vram__json_child(r->d, ar), NULL);
    for (size_t i = 0; a0 && i < sizeof arch_map / sizeof arch_map[0]; i++)
        if (strcmp(arch_map[i].arch, a0) == 0)
            *out = arch_map[i].type;
    return VRAM_OK;
}

static vram_status dtype_of(rd *r)
{
    static const char *const keys[] = {"torch_dtype", "dtype", NULL};
    const vram__jval *v = any(r, r->top, keys);
    if (!v && r->tc != r->top)
        v = any(r, r->tc, keys);
    if (!v)
        return VRAM_OK;
    const char *s;
    TRY(vram__json_as_str(r->d, v, &s));
    uint64_t dt;
    if (strcmp(s, "auto") == 0)
        return VRAM_OK;
    if (!vram__enum_lookup(&vram__enum_dtype, s, &dt) || dt == VRAM_DTYPE_AUTO ||
        dt > VRAM_DTYPE_INT4)
        return vram__json_fail_at(r->d, v, VRAM_E_RANGE, "unknown dtype \"%s\"", s);
    return set(r, M(WEIGHT_DTYPE), dt);
}

static vram_status name_of(rd *r)
{
    const char *s = NULL;
    TRY(vram__json_get_str(r->d, r->top, "_name_or_path", &s, NULL));
    if (!s || !*s)
        return VRAM_OK;
    size_t n = strlen(s);
    if (n >= VRAM__NAME_MAX) { /* keep the display name, cut at a character boundary */
        n = VRAM__NAME_MAX - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(r->m->name, s, n);
    r->m->name[n] = '\0';
    return VRAM_OK;
}

static vram_status build(rd *r)
{
    const char *mt = NULL;
    TRY(type_of(r, r->top, &mt));
    uint8_t vlm = V_NONE;
    r->tc = r->top;
    for (size_t i = 0; mt && i < sizeof vlms / sizeof vlms[0]; i++) {
        if (strcmp(vlms[i].type, mt) != 0)
            continue;
        vlm = vlms[i].vlm;
        if (vlms[i].text_key) {
            const vram__jval *t = vram__json_get(r->d, r->top, vlms[i].text_key);
            if (!t)
                return vram__fail(VRAM_E_INCOMPLETE, "%s: required key \"%s\" is missing "
                                  "(model_type %s)", vram__json_what(r->d), vlms[i].text_key, mt);
            if (t->type != VRAM__J_OBJECT)
                return vram__json_fail_at(r->d, t, VRAM_E_PARSE, "expected an object");
            r->tc = t;
            TRY(type_of(r, t, &mt));
            if (!mt)
                mt = vlms[i].text_default;
        } else {
            /* Qwen2-VL and Qwen2.5-VL keep the language keys on the top
             * level; newer transformers also write them as text_config */
            const vram__jval *t = vram__json_get(r->d, r->top, "text_config");
            if (t && t->type == VRAM__J_OBJECT && !vram__json_get(r->d, r->top, "num_hidden_layers")) {
                r->tc = t;
                const char *tt = NULL;
                TRY(type_of(r, t, &tt));
                if (tt)
                    mt = tt;
            }
        }
        break;
    }
    r->f = mt ? find_fam(mt) : NULL;
    r->type = mt;
    TRY(core(r));
    switch (r->f ? r->f->kind : K_GENERIC) {
    case K_QWEN1: TRY(fam_qwen1(r)); break;
    case K_GEMMA: case K_GEMMA2: case K_GEMMA3: TRY(fam_gemma(r)); break;
    case K_PHI3: TRY(fam_phi3(r)); break;
    case K_PHI: TRY(fam_phi(r)); break;
    case K_DEEPSEEK_V2: case K_DEEPSEEK_V3: TRY(fam_deepseek(r)); break;
    case K_FALCON: TRY(fam_falcon(r)); break;
    case K_GPT2: TRY(fam_gpt2(r)); break;
    case K_GPTJ: TRY(fam_gptj(r)); break;
    case K_GPT_NEOX: TRY(fam_neox(r)); break;
    case K_MPT: TRY(fam_mpt(r)); break;
    case K_STABLELM: TRY(fam_stablelm(r)); break;
    case K_OLMO: case K_OLMO2: case K_EXAONE4: TRY(fam_olmo(r)); break;
    case K_GPT_OSS: TRY(fam_gpt_oss(r)); break;
    case K_LLAMA4: TRY(fam_llama4(r)); break;
    case K_MOLMO: TRY(fam_molmo(r)); break;
    case K_OPT: TRY(fam_opt(r)); break;
    case K_BLOOM: TRY(fam_bloom(r)); break;
    case K_GPT_BIGCODE: TRY(fam_gpt_bigcode(r)); break;
    case K_GENERIC: TRY(fam_generic(r)); break;
    default: TRY(fam_llama(r)); break;
    }
    if (vlm != V_NONE)
        TRY(vision(r, vlm));
    static const char *const qkeys[] = {"quantization_config", "compression_config", NULL};
    const vram__jval *q = any(r, r->top, qkeys);
    if (q)
        TRY(quant(r, q));
    TRY(dtype_of(r));
    TRY(name_of(r));
    vram__model_derive(r->m);
    if (r->m->derived_status != VRAM_OK)
        return vram__fail(r->m->derived_status, "%s: %s", vram__json_what(r->d),
                          r->m->derived_msg);
    return VRAM_OK;
}

/* Internal entry for the other sources (safetensors.c, catalog_models.c):
 * `what` names the document in messages. */
vram_status vram__model_from_hf_json(const char *json, size_t len, const char *what,
                                     vram_model **out)
{
    vram__jdoc *d = NULL;
    vram_model *m = NULL;
    vram_status st = vram__json_parse(json, len, VRAM__JSON_MAX_DOC, what, &d);
    if (st != VRAM_OK)
        return st;
    const vram__jval *root = vram__json_root(d);
    if (root->type != VRAM__J_OBJECT) {
        st = vram__fail(VRAM_E_PARSE, "%s: byte %u: expected an object", what, (unsigned)root->off);
        goto done;
    }
    if ((st = vram_model_create(&m)) != VRAM_OK)
        goto done;
    rd r = {d, root, root, NULL, m, NULL, 0, 0, 0, 0, 0};
    st = build(&r);
done:
    vram__json_free(d);
    if (st != VRAM_OK) {
        vram_model_destroy(m);
        return st;
    }
    *out = m;
    return VRAM_OK;
}

vram_status vram__model_from_hf_value(const vram__jdoc *d, const vram__jval *obj, vram_model **out)
{
    *out = NULL;
    if (obj->type != VRAM__J_OBJECT)
        return vram__fail(VRAM_E_PARSE, "hf_config: byte %u: expected an object", (unsigned)obj->off);
    vram_model *m = NULL;
    vram_status st = vram_model_create(&m);
    if (st != VRAM_OK)
        return st;
    rd r = {d, obj, obj, NULL, m, NULL, 0, 0, 0, 0, 0};
    st = build(&r);
    if (st != VRAM_OK) {
        vram_model_destroy(m);
        return st;
    }
    *out = m;
    return VRAM_OK;
}

VRAM_API vram_status vram_model_from_hf_config(const char *json, size_t len, vram_model **out)
{
    if (!out)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_from_hf_config: out is NULL");
    *out = NULL;
    if (!json)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_from_hf_config: json is NULL");
    return vram__model_from_hf_json(json, len, "config.json", out);
}

vram_status vram__read_file(const char *path, size_t max, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return vram__fail(VRAM_E_IO, "cannot open %s", path);
    char *buf = NULL;
    size_t n = 0, cap = 0;
    vram_status st = VRAM_OK;
    for (;;) {
        if (n == cap) {
            if (cap > max) {
                st = vram__fail(VRAM_E_LIMIT, "%s is more than %zu bytes", path, max);
                break;
            }
            size_t nc = cap ? cap * 2 : 4096;
            if (nc > max + 1)
                nc = max + 1;
            char *nb = realloc(buf, nc);
            if (!nb) {
                st = vram__fail(VRAM_E_NOMEM, "out of memory reading %s", path);
                break;
            }
            buf = nb;
            cap = nc;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                st = vram__fail(VRAM_E_IO, "error reading %s", path);
            break;
        }
        if (n > max) {
            st = vram__fail(VRAM_E_LIMIT, "%s is more than %zu bytes", path, max);
            break;
        }
    }
    fclose(f);
    if (st != VRAM_OK) {
        free(buf);
        return st;
    }
    *out = buf;
    *len = n;
    return VRAM_OK;
}

VRAM_API vram_status vram_model_from_hf_config_file(const char *path, vram_model **out)
{
    if (!out)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_from_hf_config_file: out is NULL");
    *out = NULL;
    if (!path)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_from_hf_config_file: path is NULL");
    char *buf;
    size_t len;
    vram_status st = vram__read_file(path, VRAM__JSON_MAX_DOC, &buf, &len);
    if (st != VRAM_OK)
        return st;
    const char *base = strrchr(path, '/');
    st = vram__model_from_hf_json(buf, len, base ? base + 1 : path, out);
    free(buf);
    return st;
}
