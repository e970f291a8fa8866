/*
 * vram_private.h - internal structures and helpers shared between lib/ files.
 *
 * Nothing here is part of the ABI. Shared helpers are named vram__x
 * (libgit2 docs/conventions.md, "Internals").
 */
#ifndef VRAM_PRIVATE_H
#define VRAM_PRIVATE_H

#include "vramest.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------------ limits */

#define VRAM__MAX_LAYERS 1024u            /* decoder layers a model may have */
#define VRAM__LAYER_WORDS (VRAM__MAX_LAYERS / 64u)
#define VRAM__MAX_STAGES 64u              /* pipeline stages a result holds */
#define VRAM__NPARTS 17u                  /* VRAM_PART_TOTAL .. VRAM_PART_WEIGHT_COPIES */
#define VRAM__MAX_LINEARS 16u             /* linear module shapes per layer kind */
#define VRAM__NAME_MAX 128u               /* model display name, with NUL */
#define VRAM__MSG_MAX 256u                /* per-thread error message, with NUL */

#define VRAM__GIB (UINT64_C(1) << 30)
#define VRAM__MIB (UINT64_C(1) << 20)

#if defined(__GNUC__)
#  define VRAM__PRINTF(f, a) __attribute__((format(printf, f, a)))
#  define VRAM__UNUSED __attribute__((unused))
#else
#  define VRAM__PRINTF(f, a)
#  define VRAM__UNUSED
#endif

/* ------------------------------------------------------------------ errors */

/* Record a message for the calling thread and return st (error.c). */
vram_status vram__fail(vram_status st, const char *fmt, ...) VRAM__PRINTF(2, 3);
/* Copy an already formatted message (used to re-raise a stored message). */
vram_status vram__fail_msg(vram_status st, const char *msg);

/* ------------------------------------------------------- checked arithmetic */

/* Each returns false on overflow and leaves *out unspecified. */
static inline bool vram__mul(uint64_t a, uint64_t b, uint64_t *out)
{
    return !__builtin_mul_overflow(a, b, out);
}
static inline bool vram__add(uint64_t a, uint64_t b, uint64_t *out)
{
    return !__builtin_add_overflow(a, b, out);
}
static inline bool vram__mul3(uint64_t a, uint64_t b, uint64_t c, uint64_t *out)
{
    uint64_t t;
    return vram__mul(a, b, &t) && vram__mul(t, c, out);
}
/* Set bits of x; portable (no -mpopcnt, no libgcc call), a dozen operations. */
static inline unsigned vram__popcount(uint64_t x)
{
    x = x - ((x >> 1) & UINT64_C(0x5555555555555555));
    x = (x & UINT64_C(0x3333333333333333)) + ((x >> 2) & UINT64_C(0x3333333333333333));
    x = (x + (x >> 4)) & UINT64_C(0x0F0F0F0F0F0F0F0F);
    return (unsigned)((x * UINT64_C(0x0101010101010101)) >> 56);
}
/* Divisions by 1 (tp, ep, dp, pp on one GPU) skip the divider: a 64-bit
 * division costs tens of cycles and the estimates do dozens. */
static inline uint64_t vram__div(uint64_t a, uint64_t b)
{
    return b == 1 ? a : a / b;
}
static inline uint64_t vram__ceil_div(uint64_t a, uint64_t b)
{
    return b == 1 ? a : a / b + (a % b != 0);
}
static inline uint64_t vram__round_up(uint64_t a, uint64_t m)
{
    return vram__ceil_div(a, m) * m;
}
static inline uint64_t vram__min(uint64_t a, uint64_t b) { return a < b ? a : b; }
static inline uint64_t vram__max(uint64_t a, uint64_t b) { return a > b ? a : b; }

/*
 * An accumulator that remembers overflow instead of failing at every step:
 * arithmetic chains stay readable and the caller checks .ovf once.
 */
typedef struct vram__acc {
    uint64_t v;
    bool ovf;
} vram__acc;

static inline void vram__acc_add(vram__acc *a, uint64_t x)
{
    a->ovf |= __builtin_add_overflow(a->v, x, &a->v);
}
static inline uint64_t vram__sat_mul(uint64_t a, uint64_t b, bool *ovf)
{
    uint64_t r;
    if (__builtin_mul_overflow(a, b, &r)) {
        *ovf = true;
        return UINT64_MAX;
    }
    return r;
}
static inline uint64_t vram__sat_add(uint64_t a, uint64_t b, bool *ovf)
{
    uint64_t r;
    if (__builtin_add_overflow(a, b, &r)) {
        *ovf = true;
        return UINT64_MAX;
    }
    return r;
}
/* a * num / den with a 128-bit intermediate, rounded up; overflow flagged. */
__extension__ typedef unsigned __int128 vram__u128;
/* Sum of n <= 64 values, *ovf set on overflow. Values below 2^57 cannot
 * overflow such a sum, so the common case is a plain, vectorisable sum. */
static inline uint64_t vram__sum(const uint64_t *v, unsigned n, bool *ovf)
{
    uint64_t any = 0, t = 0;
    for (unsigned i = 0; i < n; i++) {
        any |= v[i];
        t += v[i];
    }
    if (!(any >> 57))
        return t;
    t = 0;
    for (unsigned i = 0; i < n; i++)
        t = vram__sat_add(t, v[i], ovf);
    return t;
}
static inline uint64_t vram__mul_div_up(uint64_t a, uint64_t num, uint64_t den, bool *ovf)
{
    vram__u128 p = (vram__u128)a * num;
    vram__u128 q = p / den + (p % den != 0);
    if (q > UINT64_MAX) {
        *ovf = true;
        return UINT64_MAX;
    }
    return (uint64_t)q;
}
/* Bytes from a double, rounded up and saturated (for empirical fractions). */
uint64_t vram__bytes_from_double(double x, bool *ovf);

/* ------------------------------------------------------------------ dtypes */

typedef struct vram__dtype_info {
    const char *name;       /* canonical name, as in JSON */
    uint32_t block_values;  /* values per block (1 for plain types) */
    uint32_t block_bytes;   /* bytes per block; 0 with block_values 2 = 4-bit */
    uint32_t bits_x2;       /* 2 x bits per value, for exact half-byte types */
    bool is_float;          /* usable as a compute dtype */
} vram__dtype_info;

#define VRAM__DTYPE_COUNT ((unsigned)VRAM_DTYPE_IQ4_NL + 1u)
extern const vram__dtype_info vram__dtype_table[VRAM__DTYPE_COUNT]; /* dtype.c, read-only */
const vram__dtype_info *vram__dtype(vram_dtype t); /* NULL if unknown */
/* Exact bytes of n values of type t (whole blocks, rounded up); false on overflow. */
bool vram__dtype_bytes(vram_dtype t, uint64_t n, uint64_t *out);
/* Bytes per value of a plain (non-block) float/int type, 0 for block types
 * and unknown ones. Inline: the estimates ask it a dozen times each. */
static inline uint32_t vram__dtype_size(vram_dtype t)
{
    if ((unsigned)t >= VRAM__DTYPE_COUNT || t == VRAM_DTYPE_AUTO)
        return 0;
    const vram__dtype_info *d = &vram__dtype_table[t];
    return d->block_values == 1 ? d->block_bytes : 0;
}

/* ggml tensor types (ggml.h enum ggml_type numbering). */
typedef struct vram__ggml_type_info {
    const char *name;
    uint32_t block_values;
    uint32_t block_bytes;
} vram__ggml_type_info;
const vram__ggml_type_info *vram__ggml_type(uint32_t type); /* NULL if unknown */
/* Exact bytes of a row-major ggml tensor with n values (n % block == 0 required). */
bool vram__ggml_bytes(uint32_t type, uint64_t n, uint64_t *out);

/* --------------------------------------------------------- weight formats */

/* A resolved weight format: what the estimate stores linear weights as. */
typedef struct vram__format {
    vram_quant quant;       /* never AUTO here */
    vram_dtype dtype;       /* compute dtype (unquantized weights, biases, norms) */
    uint32_t bits;          /* quantized bits per weight */
    uint64_t group;         /* values per scale (VRAM_GROUP_PER_CHANNEL allowed) */
    uint32_t block;         /* fp8 block size (0 = per tensor) */
    bool double_quant;      /* bitsandbytes nested quantization */
    bool quant_lm_head;
    uint32_t gguf_ftype;    /* vram_gguf_ftype when quant == GGUF */
} vram__format;

/* Role of a linear module within its layer. */
enum vram__role {
    VRAM__R_Q, VRAM__R_K, VRAM__R_V, VRAM__R_O, VRAM__R_QKV,
    VRAM__R_MLA_Q_A, VRAM__R_MLA_Q_B, VRAM__R_MLA_KV_A, VRAM__R_MLA_KV_B,
    VRAM__R_GATE, VRAM__R_UP, VRAM__R_DOWN, VRAM__R_GATE_UP,
    VRAM__R_EXP_GATE, VRAM__R_EXP_UP, VRAM__R_EXP_DOWN, VRAM__R_EXP_GATE_UP,
    VRAM__R_SH_GATE, VRAM__R_SH_UP, VRAM__R_SH_DOWN, VRAM__R_SH_GATE_UP,
    VRAM__R_ROUTER, VRAM__R_SH_EXPERT_GATE
};

/* How tensor parallelism splits a linear module. */
enum vram__split {
    VRAM__SPLIT_COL,        /* output features divided (q, k, v, gate, up) */
    VRAM__SPLIT_ROW,        /* input features divided (o, down) */
    VRAM__SPLIT_NONE        /* replicated (router, MLA down-projections) */
};

typedef struct vram__linear {
    uint64_t in, out;       /* features of one module */
    uint64_t count;         /* modules of this shape in the layer (experts) */
    uint8_t role;           /* enum vram__role */
    uint8_t name;           /* vram_module_name, for LoRA matching */
    uint8_t split;          /* enum vram__split */
    bool bias;              /* has a bias vector of `out` */
    bool expert;            /* a routed expert (divided by ep; active e of E) */
    bool kv;                /* k or v projection (replicated when tp > kv heads) */
} vram__linear;

/* Weight bytes of one quantizable linear module (count 1) in a format. */
typedef struct vram__lin_bytes {
    uint64_t weight;        /* the stored (possibly packed) values */
    uint64_t meta;          /* scales, zeros, g_idx, absmax ... */
} vram__lin_bytes;
bool vram__linear_bytes(const vram__format *f, bool quantized, uint64_t in, uint64_t out,
                        vram__lin_bytes *b);
/* Whether format f quantizes a linear of this role. */
bool vram__format_quantizes(const vram__format *f, const vram__linear *l);

/* ------------------------------------------------------------------- model */

/* Slots of model keys: index into vram_model.v. */
enum vram__mslot {
    VRAM__M_NUM_LAYERS, VRAM__M_HIDDEN, VRAM__M_HEADS, VRAM__M_KV_HEADS, VRAM__M_HEAD_DIM,
    VRAM__M_INTERMEDIATE, VRAM__M_VOCAB, VRAM__M_TIE, VRAM__M_MAX_POS, VRAM__M_V_HEAD_DIM,
    VRAM__M_LEARNED_POS,
    VRAM__M_FAMILY, VRAM__M_MLP, VRAM__M_NORM, VRAM__M_NORMS_PER_LAYER, VRAM__M_QKV_BIAS,
    VRAM__M_O_BIAS, VRAM__M_MLP_BIAS, VRAM__M_QK_NORM, VRAM__M_PARALLEL_ATTN,
    VRAM__M_LM_HEAD_BIAS, VRAM__M_FUSED_QKV, VRAM__M_FUSED_GATE_UP, VRAM__M_FINAL_NORM,
    VRAM__M_EXPERTS, VRAM__M_EXPERTS_PER_TOKEN, VRAM__M_MOE_INTERMEDIATE, VRAM__M_SHARED_EXPERTS,
    VRAM__M_SHARED_INTERMEDIATE, VRAM__M_FIRST_K_DENSE, VRAM__M_MOE_STEP, VRAM__M_ROUTER_BIAS,
    VRAM__M_SHARED_EXPERT_GATE,
    VRAM__M_Q_LORA, VRAM__M_KV_LORA, VRAM__M_QK_NOPE, VRAM__M_QK_ROPE,
    VRAM__M_SLIDING_WINDOW, VRAM__M_SLIDING_PATTERN,
    VRAM__M_EXTRA_PARAMS, VRAM__M_PARAMS_OVERRIDE,
    VRAM__M_WEIGHT_DTYPE, VRAM__M_QUANT, VRAM__M_QUANT_BITS, VRAM__M_QUANT_GROUP,
    VRAM__M_QUANT_DQ, VRAM__M_QUANT_BLOCK, VRAM__M_QUANT_LM_HEAD,
    VRAM__M_NSLOTS
};

/* Linear modules of one layer kind (attention, dense MLP, MoE MLP). */
/* Inputs that several linears of a layer read (for saved-activation
 * accounting): bit i of vram__lin_set.group[g] marks lin[i]. */
enum vram__lin_group {
    VRAM__G_QKV_IN,   /* q, k, v, fused qkv, MLA q_a / kv_a: the attention input */
    VRAM__G_O_IN,     /* o_proj: the attention output */
    VRAM__G_MLP_IN,   /* gate, up, router, shared experts: the MLP input */
    VRAM__G_DOWN_IN,  /* down_proj */
    VRAM__G_SH_DOWN_IN, /* the shared experts' down_proj */
    VRAM__NGROUPS
};

typedef struct vram__lin_set {
    vram__linear lin[VRAM__MAX_LINEARS];
    uint32_t n;
    /* derived with the set (params.c), so estimates need not loop: */
    uint64_t weight_params;       /* sum of in x out x count */
    uint64_t bias_params;         /* sum of out x count over the biased linears */
    /* bitsandbytes 4-bit storage (every linear quantized), count-weighted:
     * packed weights, absmax without and with double quantization, and the
     * largest module's values; bnb4_ok is false when a sum saturated */
    uint64_t bnb4_weight, bnb4_meta, bnb4_meta_dq, largest_params;
    bool bnb4_ok;
    uint32_t group[VRAM__NGROUPS]; /* enum vram__lin_group -> mask of lin[] */
    uint64_t names;               /* mask of the vram_module_name values present */
} vram__lin_set;
_Static_assert(VRAM__MAX_LINEARS <= 32, "lin_set masks are 32-bit");

/* Exact tensor bytes from a file header (GGUF or safetensors). */
enum vram__file_source { VRAM__FILE_NONE, VRAM__FILE_GGUF, VRAM__FILE_SAFETENSORS };

typedef struct vram__file_weights {
    bool present;
    uint8_t source;              /* enum vram__file_source */
    vram_dtype dtype;            /* dominant float dtype of the file (F16/BF16/F32) */
    uint64_t total_bytes;        /* every tensor */
    uint64_t params;             /* every tensor's elements (packed ones unpacked) */
    uint64_t embed_bytes;        /* token (+position) embeddings */
    uint64_t output_bytes;       /* LM head (0 when tied) */
    uint64_t other_bytes;        /* final norm and other non-layer tensors */
    uint64_t layer_bytes[VRAM__MAX_LAYERS];
    uint32_t gguf_ftype;         /* general.file_type when known (else UINT32_MAX) */
} vram__file_weights;

struct vram_model {
    uint64_t v[VRAM__M_NSLOTS];
    /* explicit per-layer overrides (bit set = explicit) and values */
    uint64_t attn_explicit[VRAM__LAYER_WORDS], attn_sliding[VRAM__LAYER_WORDS];
    uint64_t mlp_explicit[VRAM__LAYER_WORDS], mlp_moe[VRAM__LAYER_WORDS];
    char name[VRAM__NAME_MAX];
    bool arch_estimated;          /* built by vram_model_from_param_count */
    vram__file_weights file;

    /* ---- derived by vram__model_derive() after every change ---- */
    vram_status derived_status;   /* VRAM_OK when estimable */
    char derived_msg[VRAM__MSG_MAX];
    uint64_t sliding[VRAM__LAYER_WORDS];  /* effective layer bitmaps */
    uint64_t moe[VRAM__LAYER_WORDS];
    uint32_t n_sliding, n_moe;
    uint64_t head_dim, v_head_dim, kv_heads;     /* resolved */
    uint64_t q_width;             /* a * d (MLA: a * (nope + rope)) */
    vram__lin_set attn, dense, moe_mlp;
    uint64_t layer_norm_params;   /* norms inside one layer (incl. q/k norms) */
    uint64_t attn_extra_params;   /* non-linear attention params per layer (gpt-oss sinks, MLA norms) */
    uint64_t moe_extra_params;    /* non-linear MoE params per layer (router bias, score bias) */
    uint64_t norm_unit;           /* parameters of one norm over h */
    uint64_t lora_default_targets; /* PEFT's default for the family: q and v, or the fused qkv */
    uint64_t embed_params;        /* V*h + learned positions */
    uint64_t lm_head_params;      /* V*h (+V bias) when untied, else 0 */
    uint64_t final_norm_params;
    uint64_t params_dense_layer, params_moe_layer;    /* every parameter of one layer */
    uint64_t active_moe_layer;    /* parameters of a MoE layer used per token */
    uint64_t params_total, params_active;   /* before PARAMS_OVERRIDE */
    uint64_t params_reported;     /* PARAMS_OVERRIDE if set, else params_total */
    uint64_t kv_k_dim, kv_v_dim;  /* per KV head (MLA: latent+rope, 0) */
    bool mla;
    uint64_t kv_elems_per_token;  /* all layers, global, one sequence */
};

/* vram_model_set_u64 without the derive step, for sources that set many
 * keys and then call vram__model_derive once (hf_config.c, gguf.c ...). */
vram_status vram__model_set_nd(vram_model *m, vram_model_key key, uint64_t value);
/* Recompute every derived field; never fails (records derived_status). */
void vram__model_derive(vram_model *m);
/* Layers of kind in [l0, l1): counts via the bitmaps. */
uint32_t vram__count_bits(const uint64_t *bits, uint32_t l0, uint32_t l1);
static inline bool vram__bit(const uint64_t *bits, uint32_t i)
{
    return (bits[i / 64u] >> (i % 64u)) & 1u;
}
/* MoE / sliding-window layers among [l0, l1): the model's totals when the
 * range is every layer (the common, single-stage case). */
static inline uint32_t vram__moe_layers(const vram_model *m, uint32_t l0, uint32_t l1)
{
    return l0 == 0 && l1 == m->v[VRAM__M_NUM_LAYERS] ? m->n_moe : vram__count_bits(m->moe, l0, l1);
}
static inline uint32_t vram__sliding_layers(const vram_model *m, uint32_t l0, uint32_t l1)
{
    return l0 == 0 && l1 == m->v[VRAM__M_NUM_LAYERS] ? m->n_sliding
                                                     : vram__count_bits(m->sliding, l0, l1);
}
/* Install exact file tensor bytes (gguf.c, safetensors.c). */
void vram__model_set_file_weights(vram_model *m, const vram__file_weights *fw);
/* Flag a model built from a parameter count. */
void vram__model_mark_estimated(vram_model *m);

/* params.c: build the linear sets and parameter totals from the keys. */
vram_status vram__params_derive(vram_model *m, char *msg, size_t msg_cap);

/* hf_config.c: a model from config.json text (`what` names the document
 * in messages), and a whole file of at most max bytes read into memory. */
vram_status vram__model_from_hf_json(const char *json, size_t len, const char *what,
                                     vram_model **out);
/* The same from a config object inside a parsed JSON document (the JSON
 * API's "hf_config" field); the caller keeps the document. */
struct vram__jdoc;
struct vram__jval;
vram_status vram__model_from_hf_value(const struct vram__jdoc *d, const struct vram__jval *obj,
                                      vram_model **out);
vram_status vram__read_file(const char *path, size_t max, char **out, size_t *len);

/* ------------------------------------------------------------------ config */

enum vram__cslot {
    VRAM__C_ENGINE, VRAM__C_BATCH, VRAM__C_SEQ_LEN, VRAM__C_PROMPT_LEN, VRAM__C_DTYPE,
    VRAM__C_KV_DTYPE, VRAM__C_QUANT, VRAM__C_QUANT_BITS, VRAM__C_QUANT_GROUP, VRAM__C_DOUBLE_QUANT,
    VRAM__C_GGUF_FTYPE, VRAM__C_ATTENTION, VRAM__C_LOGITS,
    VRAM__C_PRECISION, VRAM__C_OPTIMIZER, VRAM__C_GRAD_CKPT, VRAM__C_GRAD_ACCUM,
    VRAM__C_FP32_GRAD_BUFFER, VRAM__C_DROPOUT,
    VRAM__C_LORA_RANK, VRAM__C_LORA_ALPHA, VRAM__C_LORA_TARGETS, VRAM__C_LORA_ALL_LINEAR,
    VRAM__C_LORA_DTYPE, VRAM__C_DORA, VRAM__C_TRAINABLE_EMB, VRAM__C_UPCAST, VRAM__C_LORA_DROPOUT,
    VRAM__C_TP, VRAM__C_PP, VRAM__C_DP, VRAM__C_EP, VRAM__C_ZERO, VRAM__C_FSDP,
    VRAM__C_OFFLOAD_OPT, VRAM__C_OFFLOAD_PARAMS, VRAM__C_SEQ_PARALLEL, VRAM__C_PP_MICRO,
    VRAM__C_GPU, VRAM__C_GPU_MEM, VRAM__C_GPU_UTIL,
    VRAM__C_MAX_BATCHED, VRAM__C_MAX_SEQS, VRAM__C_BLOCK_SIZE, VRAM__C_MAX_MODEL_LEN,
    VRAM__C_ENFORCE_EAGER,
    VRAM__C_N_CTX, VRAM__C_N_BATCH, VRAM__C_N_UBATCH, VRAM__C_N_SEQ, VRAM__C_NGL,
    VRAM__C_TYPE_K, VRAM__C_TYPE_V, VRAM__C_FLASH_ATTN, VRAM__C_SWA_FULL, VRAM__C_KV_UNIFIED,
    VRAM__C_CUDA_CTX, VRAM__C_WORKSPACE, VRAM__C_SLACK, VRAM__C_NON_TORCH, VRAM__C_COMM,
    VRAM__C_CUDA_GRAPH,
    VRAM__C_NSLOTS
};

struct vram_config {
    uint64_t u[VRAM__C_NSLOTS];   /* u64 value (f64 keys store in f) */
    double f[VRAM__C_NSLOTS];
    uint64_t set;                 /* bit per slot: explicitly set (slots < 64) */
    uint64_t set2;                /* slots 64.. */
};

static inline bool vram__cfg_isset(const vram_config *c, unsigned slot)
{
    return slot < 64 ? (c->set >> slot) & 1u : (c->set2 >> (slot - 64)) & 1u;
}

/* ------------------------------------------------------------------ result */

enum vram__rslot {
    VRAM__R_PARAMS_TOTAL, VRAM__R_PARAMS_ACTIVE, VRAM__R_PARAMS_TRAINABLE, VRAM__R_HOST,
    VRAM__R_MODE, VRAM__R_ENGINE, VRAM__R_WARNINGS, VRAM__R_KV_PER_TOKEN, VRAM__R_DTYPE,
    VRAM__R_KV_DTYPE, VRAM__R_QUANT, VRAM__R_BATCH, VRAM__R_SEQ,
    VRAM__R_VLLM_REQUESTED, VRAM__R_VLLM_NON_KV, VRAM__R_VLLM_AVAIL_KV, VRAM__R_VLLM_BLOCKS,
    VRAM__R_VLLM_TOKENS, VRAM__R_VLLM_FITS, VRAM__R_VLLM_MAX_LEN_FITS, VRAM__R_VLLM_PAGE,
    VRAM__R_VLLM_MIN_KV, VRAM__R_VLLM_MAX_KV, VRAM__R_VLLM_RECOMMENDED,
    VRAM__R_VLLM_BATCHED, VRAM__R_VLLM_SEQS,
    VRAM__R_LLAMA_MODEL, VRAM__R_LLAMA_KV, VRAM__R_LLAMA_COMPUTE, VRAM__R_LLAMA_HOST,
    VRAM__R_LLAMA_NCTX, VRAM__R_FIT_DEVICE, VRAM__R_FIT_FITS, VRAM__R_FIT_GPUS,
    /* inputs of the floating outputs computed when read (result.c) */
    VRAM__R_GPU_PLUS1,            /* catalog GPU index + 1, 0 = none */
    VRAM__R_WEIGHT_BYTES,         /* one model replica's stored weight bytes, wherever they live
                                     (0: the stages' weights and metadata x tp) */
    VRAM__R_ACTIVE_NUM, VRAM__R_ACTIVE_DEN, /* the model's active / total parameters */
    VRAM__R_NU
};
/* Floating outputs. Weight bits, cost and decode rate are derived from the
 * integers when read (vram__result_f64), off the estimate's hot path. */
enum vram__rfslot {
    VRAM__RF_WEIGHT_BITS, VRAM__RF_VLLM_CONCURRENCY, VRAM__RF_COST, VRAM__RF_TOKENS_PER_S,
    VRAM__RF_NF
};

/* One device's parts; index VRAM_PART_TOTAL is kept as the running sum of
 * the others (exact while every value stays below 2^57, which `any` tracks;
 * vram__result_finish re-sums with saturation otherwise). */
typedef struct vram__stage {
    uint64_t bytes[VRAM__NPARTS];
    uint64_t lo[VRAM__NPARTS];
    uint64_t hi[VRAM__NPARTS];
    uint64_t any;                 /* OR of every value set */
} vram__stage;

struct vram_result {
    bool valid;
    uint32_t n_stages;            /* distinct devices kept: one per pipeline stage */
    uint32_t tp, pp, dp;
    uint8_t kind[VRAM__NPARTS];
    /* 16-byte aligned: vram__result_begin clears them 16 bytes per store
     * (vram_result_create allocates with that alignment) */
    _Alignas(16) uint64_t u[VRAM__R_NU]; /* integer outputs, by enum vram__rslot */
    double f[VRAM__RF_NF];        /* floating outputs, by enum vram__rfslot */
    _Alignas(16) vram__stage stage[VRAM__MAX_STAGES];
};

/* Start an estimate: clears what an estimate writes (only n_stages stages). */
void vram__result_begin(vram_result *r, uint32_t n_stages, uint32_t tp, uint32_t pp, uint32_t dp);
/* Set one part on one stage with its kind and band (lo <= v <= hi). */
static inline void vram__part(vram_result *r, uint32_t stage, vram_part p, uint64_t v,
                              uint64_t lo, uint64_t hi, vram_kind kind)
{
    vram__stage *st = &r->stage[stage];
    st->bytes[VRAM_PART_TOTAL] += v - st->bytes[p];
    st->lo[VRAM_PART_TOTAL] += lo - st->lo[p];
    st->hi[VRAM_PART_TOTAL] += hi - st->hi[p];
    st->bytes[p] = v;
    st->lo[p] = lo;
    st->hi[p] = hi;
    st->any |= v | lo | hi;
    if (v || hi)
        r->kind[p] = (uint8_t)kind;
}
/* Sum parts into totals and the peak; false on overflow. */
bool vram__result_finish(vram_result *r);

/* ------------------------------------------------------------ enum names */

/* Look up an enum value by name for the enum type behind a key. */
typedef struct vram__enum_entry {
    const char *name;
    uint64_t value;
} vram__enum_entry;
typedef struct vram__enum_table {
    const vram__enum_entry *e;
    uint32_t n;
} vram__enum_table;
extern const vram__enum_table vram__enum_mode, vram__enum_engine, vram__enum_dtype,
    vram__enum_quant, vram__enum_gguf_ftype, vram__enum_attention, vram__enum_logits,
    vram__enum_precision, vram__enum_optimizer, vram__enum_mlp, vram__enum_norm,
    vram__enum_family, vram__enum_module;
bool vram__enum_lookup(const vram__enum_table *t, const char *name, uint64_t *out);
const char *vram__enum_str(const vram__enum_table *t, uint64_t value);
/* The enum table behind an enum-valued key, or NULL. */
const vram__enum_table *vram__config_enum(vram_config_key key);
const vram__enum_table *vram__model_enum(vram_model_key key);
/* Is a writable model key a 0/1 flag (tie_word_embeddings, qkv_bias ...). */
bool vram__model_key_is_flag(vram_model_key key);
/* ASCII case-insensitive comparison that also treats '-', '_', ' ' and '.' alike. */
bool vram__name_eq(const char *a, const char *b);
/* Parse a decimal u64 (no sign, no spaces); false on junk or overflow. */
bool vram__parse_u64(const char *s, uint64_t *out);

/* --------------------------------------------------------------- catalogs */

const char *vram__gpu_arch_of(uint32_t index);
uint64_t vram__gpu_usable(uint32_t index);
bool vram__gpu_is_apple(uint32_t index);      /* unified memory, Metal: no vLLM */
uint64_t vram__gpu_context(uint32_t index);
double vram__gpu_bandwidth(uint32_t index);
double vram__gpu_price(uint32_t index);

/* --------------------------------------------------------------- estimate */

/* Resolved workload: every "auto" decided, validated once per estimate. */
typedef struct vram__work {
    vram_mode mode;
    vram_engine engine;
    vram__format fmt;             /* weight format */
    bool use_file_bytes;          /* exact bytes from the file header apply */
    vram_dtype dtype, kv_dtype;
    vram_attention attn;
    uint64_t batch, seq, prompt;
    uint64_t tp, pp, dp, ep;
    uint64_t kv_heads_rank;       /* KV heads per TP rank (>= 1) */
    uint64_t device_bytes;        /* 0 = unknown */
    int32_t gpu;                  /* catalog index or -1 */
    uint64_t warnings;
    /* Take the general per-linear path even where a summed shortcut gives
     * the same bytes (set only by tests/test_shortcuts.c, which checks that
     * both agree). */
    bool no_shortcuts;
} vram__work;

vram_status vram__work_resolve(const vram_model *m, const vram_config *c, vram_mode mode,
                               vram__work *w);
/* The estimate behind the four entry points; fn names the caller in errors. */
vram_status vram__run(const vram_model *m, const vram_config *c, vram_mode mode, vram_result *r,
                      const char *fn, bool no_shortcuts);

/* Layers of pipeline stage s: [*l0, *l1). */
void vram__stage_layers(const vram_model *m, uint64_t pp, uint32_t s, uint32_t *l0, uint32_t *l1);

/* Weight bytes on one device of stage s (weights, metadata) for layers [l0,l1). */
typedef struct vram__wbytes {
    uint64_t weights, meta;
    uint64_t largest_linear;      /* largest quantized linear, dequantized, in compute dtype */
    bool ovf;
} vram__wbytes;
void vram__weights_stage(const vram_model *m, const vram__work *w, uint32_t l0, uint32_t l1,
                         bool first, bool last, vram__wbytes *out);

/* KV bytes per token for layers [l0,l1) on one TP rank, at context `ctx` tokens
 * per sequence (sliding layers cap at the window); kv dtype from w. */
uint64_t vram__kv_bytes(const vram_model *m, const vram__work *w, uint32_t l0, uint32_t l1,
                        uint64_t seqs, uint64_t ctx, bool *ovf);
/* Bytes one token adds in one global layer on one rank (K+V). */
uint64_t vram__kv_token_layer_bytes(const vram_model *m, const vram__work *w, bool *ovf);
/* One device's share of a token's KV bytes: its rank's heads, the layers of
 * the pipeline stage with the most (every layer counted as global). */
uint64_t vram__kv_token_device_bytes(const vram_model *m, const vram__work *w, bool *ovf);

/* Resolved training settings (training.c), shared with activations.c. */
typedef struct vram__train {
    bool full;                 /* every parameter trains */
    bool lora, qlora;
    bool ckpt, dropout, lora_dropout, dora, train_emb, upcast, all_linear;
    bool no_default;           /* lora_targets unset and the family has no PEFT default */
    uint64_t rank, targets;    /* LoRA rank and module-name mask */
    uint32_t c;                /* compute (activation) bytes */
    uint32_t cr;               /* residual stream bytes */
    uint32_t lora_bytes;       /* adapter element bytes */
    vram_precision prec;
    vram_optimizer opt;
    bool sp;                   /* sequence parallel */
    /* per set (attention, dense MLP, MoE MLP): mask of the linears with a
     * LoRA adapter, and of those whose input is saved for backward (every
     * linear in full fine-tuning, the adapted ones otherwise) */
    uint32_t adapted[3], needs_input[3];
} vram__train;

/* Is linear l given a LoRA adapter by the training settings. */
static inline bool vram__lora_adapted(const vram__train *tr, const vram__linear *l)
{
    if (!tr->lora || l->name == 0xFFu)
        return false;
    if (tr->all_linear)
        return true;
    return (tr->targets >> l->name) & 1u;
}

/* activations.c: bytes one layer saves for backward for `micro` sequences of
 * `seq` tokens on one rank; *transient receives the working memory of its
 * backward. */
uint64_t vram__act_train_layer(const vram_model *m, const vram__work *w, const vram__train *tr,
                               bool moe, uint64_t micro, uint64_t seq, uint64_t *transient,
                               bool *ovf);

/* Engine-specific and mode-specific builders. */
vram_status vram__estimate_transformers_inference(const vram_model *m, const vram_config *c,
                                                  const vram__work *w, vram_result *r);
vram_status vram__estimate_vllm(const vram_model *m, const vram_config *c, const vram__work *w,
                                vram_result *r);
vram_status vram__estimate_llama_cpp(const vram_model *m, const vram_config *c,
                                     const vram__work *w, vram_result *r);
vram_status vram__estimate_training(const vram_model *m, const vram_config *c,
                                    const vram__work *w, vram_result *r);

/* Runtime overheads shared by the engines (empirical defaults). */
uint64_t vram__cuda_context_bytes(const vram_config *c, const vram__work *w);
uint64_t vram__workspace_bytes(const vram_config *c, const vram__work *w);
double vram__allocator_slack(const vram_config *c, const vram__work *w);

/* Fill fit outputs (device size, gpus needed, cost) after totals are known. */
void vram__fit(const vram_model *m, const vram__work *w, vram_result *r);
/* CUDA context, workspace and (when torch_slack) allocator slack on stage s. */
void vram__runtime_parts(const vram_config *c, const vram__work *w, vram_result *r, uint32_t s,
                         bool torch_slack, bool *ovf);
/* vLLM's default max_num_batched_tokens (returned) and max_num_seqs for the device. */
uint64_t vram__vllm_default_batched(const vram__work *w, uint64_t *max_seqs);
/* Scalars, totals and the fit verdict; VRAM_E_OVERFLOW when ovf. */
vram_status vram__finish(const vram_model *m, const vram__work *w, vram_result *r, bool ovf);

/* activations.c: inference prefill of `tokens` tokens in `seqs` sequences of
 * `seq_tokens` each (eager scores are per sequence); returns the activation
 * part with its band. */
uint64_t vram__act_prefill(const vram_model *m, const vram__work *w, uint64_t tokens,
                           uint64_t seqs, uint64_t seq_tokens, bool *ovf, uint64_t *lo,
                           uint64_t *hi);
/* Logits kept for `rows` positions: compute dtype + fp32 copy + fp32 probabilities. */
uint64_t vram__logits_infer(const vram_model *m, const vram__work *w, uint64_t rows, bool *ovf);

/* ------------------------------------------------------------- formatting */

/* A bounded string builder that counts what it could not write. */
typedef struct vram__buf {
    char *p;
    size_t cap, len;              /* len may exceed cap: bytes needed */
} vram__buf;
void vram__buf_put(vram__buf *b, const char *s, size_t n);
void vram__buf_puts(vram__buf *b, const char *s);
void vram__buf_u64(vram__buf *b, uint64_t v);
/* Locale-independent fixed-point decimal with `decimals` digits (trailing zeros trimmed). */
void vram__buf_fixed(vram__buf *b, double v, int decimals);
/* A JSON string literal with escaping. */
void vram__buf_json_str(vram__buf *b, const char *s);
/* Parse a decimal number (JSON grammar plus a leading '+') from s[0..n),
 * locale-independently, correctly rounded on the fast path. Returns the bytes
 * consumed (0 = not a number); *is_integer is false when a fraction or an
 * exponent was present. Overflow gives an infinity (callers reject it). */
size_t vram__parse_number(const char *s, size_t n, double *out, bool *is_integer);
/* vram__parse_number with everything it saw: the same grammar and the same
 * double, plus the exact magnitude of an integer that fits in 64 bits (a
 * double keeps only 53 bits). Returns the bytes consumed (0 = not a number). */
typedef struct vram__num {
    double value;             /* as vram__parse_number; +-inf on overflow */
    uint64_t magnitude;       /* |value| exactly when int_exact, else 0 */
    bool negative;            /* a leading '-' */
    bool is_integer;          /* neither a fraction nor an exponent */
    bool int_exact;           /* is_integer and the magnitude fits in uint64 */
} vram__num;
size_t vram__parse_num(const char *s, size_t n, vram__num *out);
/* The members of a result's JSON object, without the braces (result.c),
 * for vram_result_to_json and the JSON API; with_fit adds the "fit" member. */
void vram__result_json_members(const vram_result *r, vram__buf *b, bool with_fit);
/* NUL-terminate and report; returns VRAM_OK or VRAM_E_BUFFER_TOO_SMALL. */
vram_status vram__buf_finish(vram__buf *b, size_t *needed);

#endif /* VRAM_PRIVATE_H */
