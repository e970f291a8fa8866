/*
 * api_json.c - the JSON request/response contract (doc/api-json.md), a
 * superset of the seed vLLM calculator's HTTP API (seed 002): one request in,
 * one response out, every field validated, unknown fields rejected (except
 * inside "hf_config", a foreign document), every error a JSON object naming
 * the field and the value.
 *
 * This is not the hot path: it parses and allocates freely, then calls the
 * same estimates and solvers as the C API.
 */
#include "json.h"
#include "vram_private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define API_VERSION 1
#define MAX_REQUEST ((size_t)16 << 20)

/* Where a field's value goes. */
enum sink {
    S_CFG_U64,      /* a u64 config key, must be > 0 unless zero_ok */
    S_CFG_BOOL,     /* a boolean config key */
    S_CFG_F64,      /* a double config key */
    S_CFG_ENUM,     /* a string naming an enum value of a config key */
};

typedef struct field {
    const char *name;
    uint8_t sink;
    vram_config_key key;
    bool zero_ok;
} field;

/* Request fields that map one to one to a config key. */
static const field top_fields[] = {
    {"max_num_batched_tokens", S_CFG_U64, VRAM_CFG_MAX_NUM_BATCHED_TOKENS, false},
    {"max_num_seqs", S_CFG_U64, VRAM_CFG_MAX_NUM_SEQS, false},
    {"block_size", S_CFG_U64, VRAM_CFG_BLOCK_SIZE, false},
    {"gpu_memory_utilization", S_CFG_F64, VRAM_CFG_GPU_MEMORY_UTILIZATION, false},
    {"gpu_memory_bytes", S_CFG_U64, VRAM_CFG_GPU_MEMORY_BYTES, false},
    {"tensor_parallel_size", S_CFG_U64, VRAM_CFG_TP, false},
    {"pipeline_parallel_size", S_CFG_U64, VRAM_CFG_PP, false},
    {"data_parallel_size", S_CFG_U64, VRAM_CFG_DP, false},
    {"expert_parallel_size", S_CFG_U64, VRAM_CFG_EP, false},
    {"prompt_len", S_CFG_U64, VRAM_CFG_PROMPT_LEN, false},
    {"attention", S_CFG_ENUM, VRAM_CFG_ATTENTION, false},
    {"logits", S_CFG_ENUM, VRAM_CFG_LOGITS, false},
    {"enforce_eager", S_CFG_BOOL, VRAM_CFG_ENFORCE_EAGER, false},
};

static const field training_fields[] = {
    {"precision", S_CFG_ENUM, VRAM_CFG_PRECISION, false},
    {"optimizer", S_CFG_ENUM, VRAM_CFG_OPTIMIZER, false},
    {"micro_batch_size", S_CFG_U64, VRAM_CFG_BATCH_SIZE, false},
    {"seq_len", S_CFG_U64, VRAM_CFG_SEQ_LEN, false},
    {"gradient_checkpointing", S_CFG_BOOL, VRAM_CFG_GRADIENT_CHECKPOINTING, false},
    {"attention", S_CFG_ENUM, VRAM_CFG_ATTENTION, false},
    {"lora_rank", S_CFG_U64, VRAM_CFG_LORA_RANK, false},
    {"lora_alpha", S_CFG_U64, VRAM_CFG_LORA_ALPHA, true},
    {"lora_dtype", S_CFG_ENUM, VRAM_CFG_LORA_DTYPE, false},
    {"trainable_embeddings", S_CFG_BOOL, VRAM_CFG_TRAINABLE_EMBEDDINGS, false},
    {"zero_stage", S_CFG_U64, VRAM_CFG_ZERO_STAGE, true},
    {"fsdp", S_CFG_BOOL, VRAM_CFG_FSDP, false},
    {"offload_optimizer", S_CFG_BOOL, VRAM_CFG_OFFLOAD_OPTIMIZER, false},
    {"offload_params", S_CFG_BOOL, VRAM_CFG_OFFLOAD_PARAMS, false},
    {"double_quant", S_CFG_BOOL, VRAM_CFG_DOUBLE_QUANT, false},
    {"grad_accum_steps", S_CFG_U64, VRAM_CFG_GRAD_ACCUM_STEPS, false},
    {"dora", S_CFG_BOOL, VRAM_CFG_DORA, false},
    {"upcast_non_linear", S_CFG_BOOL, VRAM_CFG_UPCAST_NON_LINEAR, false},
    {"fp32_grad_buffer", S_CFG_BOOL, VRAM_CFG_FP32_GRAD_BUFFER, false},
    {"dropout", S_CFG_BOOL, VRAM_CFG_DROPOUT, false},
    {"sequence_parallel", S_CFG_BOOL, VRAM_CFG_SEQUENCE_PARALLEL, false},
    {"pp_microbatches", S_CFG_U64, VRAM_CFG_PP_MICROBATCHES, false},
};

static const field llama_fields[] = {
    {"n_ctx", S_CFG_U64, VRAM_CFG_N_CTX, false},
    {"n_batch", S_CFG_U64, VRAM_CFG_N_BATCH, false},
    {"n_ubatch", S_CFG_U64, VRAM_CFG_N_UBATCH, false},
    {"n_seq", S_CFG_U64, VRAM_CFG_N_SEQ, false},
    {"n_gpu_layers", S_CFG_U64, VRAM_CFG_N_GPU_LAYERS, true},
    {"type_k", S_CFG_ENUM, VRAM_CFG_TYPE_K, false},
    {"type_v", S_CFG_ENUM, VRAM_CFG_TYPE_V, false},
    {"flash_attn", S_CFG_BOOL, VRAM_CFG_FLASH_ATTN, false},
    {"kv_unified", S_CFG_BOOL, VRAM_CFG_KV_UNIFIED, false},
    {"swa_full", S_CFG_BOOL, VRAM_CFG_SWA_FULL, false},
};

static const field overhead_fields[] = {
    {"cuda_context_bytes", S_CFG_U64, VRAM_CFG_CUDA_CONTEXT_BYTES, true},
    {"workspace_bytes", S_CFG_U64, VRAM_CFG_WORKSPACE_BYTES, true},
    {"allocator_slack", S_CFG_F64, VRAM_CFG_ALLOCATOR_SLACK, true},
    {"non_torch_bytes", S_CFG_U64, VRAM_CFG_NON_TORCH_BYTES, true},
    {"comm_buffer_bytes", S_CFG_U64, VRAM_CFG_COMM_BUFFER_BYTES, true},
    {"cuda_graph_bytes", S_CFG_U64, VRAM_CFG_CUDA_GRAPH_BYTES, true},
};

/* Top-level fields handled by name in parse_request(). */
static const char *const special_fields[] = {
    "api_version", "model_name", "hf_config", "architecture", "params_billions", "mode",
    "engine", "dtype", "kv_cache_dtype", "quantization", "quantization_config", "max_seq_len",
    "max_model_len", "max_batch_size", "gpu", "num_gpus", "training", "llama_cpp", "overheads",
};

/* Architecture fields: the seed's names and Hugging Face's, mapped to model
 * keys; any model key name ("qkv_bias", "family", ...) is accepted too. */
static const struct {
    const char *name;
    vram_model_key key;
} arch_fields[] = {
    {"num_layers", VRAM_MODEL_NUM_LAYERS}, {"num_hidden_layers", VRAM_MODEL_NUM_LAYERS},
    {"n_layer", VRAM_MODEL_NUM_LAYERS}, {"hidden_size", VRAM_MODEL_HIDDEN_SIZE},
    {"n_embd", VRAM_MODEL_HIDDEN_SIZE}, {"num_heads", VRAM_MODEL_NUM_HEADS},
    {"num_attention_heads", VRAM_MODEL_NUM_HEADS}, {"n_head", VRAM_MODEL_NUM_HEADS},
    {"num_key_value_heads", VRAM_MODEL_NUM_KV_HEADS}, {"num_kv_heads", VRAM_MODEL_NUM_KV_HEADS},
    {"head_dim", VRAM_MODEL_HEAD_DIM}, {"intermediate_size", VRAM_MODEL_INTERMEDIATE_SIZE},
    {"vocab_size", VRAM_MODEL_VOCAB_SIZE}, {"tie_word_embeddings", VRAM_MODEL_TIE_WORD_EMBEDDINGS},
    {"max_position_embeddings", VRAM_MODEL_MAX_POSITION_EMBEDDINGS},
    {"num_experts", VRAM_MODEL_NUM_EXPERTS}, {"num_local_experts", VRAM_MODEL_NUM_EXPERTS},
    {"n_routed_experts", VRAM_MODEL_NUM_EXPERTS},
    {"num_experts_per_tok", VRAM_MODEL_EXPERTS_PER_TOKEN},
    {"moe_intermediate_size", VRAM_MODEL_MOE_INTERMEDIATE_SIZE},
    {"n_shared_experts", VRAM_MODEL_NUM_SHARED_EXPERTS},
    {"shared_expert_intermediate_size", VRAM_MODEL_SHARED_INTERMEDIATE_SIZE},
    {"first_k_dense_replace", VRAM_MODEL_FIRST_K_DENSE},
    {"sliding_window_pattern", VRAM_MODEL_SLIDING_PATTERN},
};

typedef struct req {
    vram__jdoc *doc;
    vram_model *model;
    vram_config *config;
    vram_mode mode;
    char model_name[VRAM__NAME_MAX];
    double util;
    bool engine_set, gpu_set;
    int32_t gpu;                  /* catalog index or -1 */
    uint64_t num_gpus;
} req;

/* ------------------------------------------------------------- messages */

/* "<field>: <message>" on top of the message a setter left. */
static vram_status prefix(vram_status st, const char *fieldname)
{
    char msg[VRAM__MSG_MAX];
    const char *last = vram_last_error();
    size_t n = strlen(fieldname);
    if (strncmp(last, fieldname, n) == 0)
        return st; /* already names the field */
    snprintf(msg, sizeof msg, "%s: %s", fieldname, last);
    return vram__fail_msg(st, msg);
}

/* The value as written in the request, for messages. */
static void literal(const req *q, const vram__jval *v, char *buf, size_t cap)
{
    switch (v->type) {
    case VRAM__J_NUMBER: {
        size_t n;
        const char *t = vram__json_number_text(q->doc, v, &n);
        if (t) {
            snprintf(buf, cap, "%.*s", (int)(n < 60 ? n : 60), t);
            return;
        }
        if (v->nflags & VRAM__JN_U64)
            snprintf(buf, cap, "%llu", (unsigned long long)v->v.u);
        else if (v->nflags & VRAM__JN_I64)
            snprintf(buf, cap, "%lld", (long long)v->v.i);
        else
            snprintf(buf, cap, "%.17g", v->v.d);
        return;
    }
    case VRAM__J_STRING: {
        const char *s = vram__json_str_raw(q->doc, v, NULL);
        snprintf(buf, cap, "\"%.60s\"", s ? s : "");
        return;
    }
    case VRAM__J_TRUE: snprintf(buf, cap, "true"); return;
    case VRAM__J_FALSE: snprintf(buf, cap, "false"); return;
    case VRAM__J_NULL: snprintf(buf, cap, "null"); return;
    case VRAM__J_ARRAY: snprintf(buf, cap, "an array"); return;
    default: snprintf(buf, cap, "an object"); return;
    }
}

/* ------------------------------------------------------------- values */

static vram_status want_u64(const req *q, const vram__jval *v, const char *name, bool zero_ok,
                            uint64_t *out)
{
    *out = 0;
    char lit[80];
    literal(q, v, lit, sizeof lit);
    if (v->type != VRAM__J_NUMBER)
        return vram__fail(VRAM_E_TYPE, "%s must be an integer, got %s", name, lit);
    if (v->nflags & VRAM__JN_I64)
        return vram__fail(VRAM_E_RANGE, "%s must be > %s, got %s", name, zero_ok ? "= 0" : "0", lit);
    if (!(v->nflags & VRAM__JN_INT)) {
        double d = v->v.d;
        if (isnan(d) || isinf(d))
            return vram__fail(VRAM_E_RANGE, "%s must be a finite number, got %s", name, lit);
        /* 4096.0 and 1e3 are integers written another way (as the
         * config.json reader takes them), below 2^53 where doubles are exact */
        if (d != floor(d) || d >= 9007199254740992.0)
            return vram__fail(VRAM_E_TYPE, "%s must be an integer, got %s", name, lit);
        if (d < 0)
            return vram__fail(VRAM_E_RANGE, "%s must be > %s, got %s", name, zero_ok ? "= 0" : "0",
                              lit);
        if (d == 0 && !zero_ok)
            return vram__fail(VRAM_E_RANGE, "%s must be > 0, got %s", name, lit);
        *out = (uint64_t)d;
        return VRAM_OK;
    }
    if (!(v->nflags & VRAM__JN_U64))
        return vram__fail(VRAM_E_RANGE, "%s is too large, got %s", name, lit);
    if (v->v.u == 0 && !zero_ok)
        return vram__fail(VRAM_E_RANGE, "%s must be > 0, got 0", name);
    *out = v->v.u;
    return VRAM_OK;
}

static vram_status want_f64(const req *q, const vram__jval *v, const char *name, double *out)
{
    *out = 0;
    char lit[80];
    literal(q, v, lit, sizeof lit);
    if (v->type != VRAM__J_NUMBER)
        return vram__fail(VRAM_E_TYPE, "%s must be a number, got %s", name, lit);
    double d = v->nflags & VRAM__JN_U64 ? (double)v->v.u
               : v->nflags & VRAM__JN_I64 ? (double)v->v.i : v->v.d;
    if (isnan(d) || isinf(d))
        return vram__fail(VRAM_E_RANGE, "%s must be a finite number, got %s", name, lit);
    *out = d;
    return VRAM_OK;
}

static vram_status want_bool(const req *q, const vram__jval *v, const char *name, bool *out)
{
    *out = false;
    char lit[80];
    if (v->type == VRAM__J_TRUE || v->type == VRAM__J_FALSE) {
        *out = v->type == VRAM__J_TRUE;
        return VRAM_OK;
    }
    literal(q, v, lit, sizeof lit);
    return vram__fail(VRAM_E_TYPE, "%s must be true or false, got %s", name, lit);
}

static vram_status want_str(const req *q, const vram__jval *v, const char *name, const char **out)
{
    *out = "";
    char lit[80];
    if (v->type == VRAM__J_STRING) {
        size_t n;
        const char *s = vram__json_str_raw(q->doc, v, &n);
        if (strlen(s) != n)
            return vram__fail(VRAM_E_RANGE, "%s holds a NUL character", name);
        *out = s;
        return VRAM_OK;
    }
    literal(q, v, lit, sizeof lit);
    return vram__fail(VRAM_E_TYPE, "%s must be a string, got %s", name, lit);
}

/* Apply one mapped field. `path` names it in messages ("training.lora_rank"). */
static vram_status apply_field(req *q, const field *f, const vram__jval *v, const char *path)
{
    vram_status st;
    uint64_t u;
    double d;
    bool b;
    const char *s;
    switch (f->sink) {
    case S_CFG_U64:
        if ((st = want_u64(q, v, path, f->zero_ok, &u)) != VRAM_OK)
            return st;
        st = vram_config_set_u64(q->config, f->key, u);
        break;
    case S_CFG_BOOL:
        if ((st = want_bool(q, v, path, &b)) != VRAM_OK)
            return st;
        st = vram_config_set_u64(q->config, f->key, b);
        break;
    case S_CFG_F64:
        if ((st = want_f64(q, v, path, &d)) != VRAM_OK)
            return st;
        st = vram_config_set_f64(q->config, f->key, d);
        break;
    default:
        if ((st = want_str(q, v, path, &s)) != VRAM_OK)
            return st;
        st = vram_config_set_str(q->config, f->key, s);
        break;
    }
    return st == VRAM_OK ? st : prefix(st, path);
}

/* Walk an object: each member must be one of `fields` (or handled by
 * `other`), no other name is accepted. */
static vram_status apply_object(req *q, const vram__jval *obj, const char *objname,
                                const field *fields, size_t nfields)
{
    char path[128], lit[80];
    if (obj->type != VRAM__J_OBJECT) {
        literal(q, obj, lit, sizeof lit);
        return vram__fail(VRAM_E_TYPE, "%s must be an object, got %s", objname, lit);
    }
    for (const vram__jval *m = vram__json_child(q->doc, obj); m; m = vram__json_next(q->doc, m)) {
        const char *key = vram__json_key(q->doc, m, NULL);
        if (m->type == VRAM__J_NULL)
            continue;
        snprintf(path, sizeof path, "%s.%s", objname, key);
        size_t i;
        for (i = 0; i < nfields; i++)
            if (strcmp(fields[i].name, key) == 0)
                break;
        if (i == nfields) {
            if (strcmp(objname, "training") == 0 &&
                (strcmp(key, "lora_target_modules") == 0 || strcmp(key, "lora_dropout") == 0))
                continue; /* handled by the caller */
            return vram__fail(VRAM_E_UNKNOWN_KEY, "%s is not a known field", path);
        }
        vram_status st = apply_field(q, &fields[i], m, path);
        if (st != VRAM_OK)
            return st;
    }
    return VRAM_OK;
}

/* ------------------------------------------------------------- model */

/* Seed behaviour for unknown names: a size written in the name ("7b",
 * "1.5B", "8x7b" = 8 experts of 7B) gives a parameter count. */
static bool size_from_name(const char *name, double *params)
{
    const char *p = name;
    double best = 0;
    for (; *p; p++) {
        if (!(*p >= '0' && *p <= '9') || (p > name && ((p[-1] >= '0' && p[-1] <= '9') || p[-1] == '.')))
            continue;
        double v = 0, mult = 1;
        const char *q = p;
        size_t n = strlen(q);
        bool isint;
        size_t used = vram__parse_number(q, n, &v, &isint);
        if (!used)
            continue;
        q += used;
        if (*q == 'x' || *q == 'X') { /* 8x7b */
            double e = v, w = 0;
            size_t u2 = vram__parse_number(q + 1, strlen(q + 1), &w, &isint);
            if (!u2)
                continue;
            v = e * w;
            q += 1 + u2;
        }
        if (*q == 'b' || *q == 'B')
            mult = 1e9;
        else if (*q == 'm' || *q == 'M')
            mult = 1e6;
        else
            continue;
        if (q[1] && ((q[1] >= 'a' && q[1] <= 'z') || (q[1] >= 'A' && q[1] <= 'Z')))
            continue; /* "7bit", "8bn" are not sizes */
        if (v * mult > best)
            best = v * mult;
    }
    *params = best;
    return best >= 1e6 && best <= 1e13;
}

static vram_status apply_architecture(req *q, const vram__jval *arch)
{
    char path[128], lit[80];
    if (arch->type != VRAM__J_OBJECT) {
        literal(q, arch, lit, sizeof lit);
        return vram__fail(VRAM_E_TYPE, "architecture must be an object, got %s", lit);
    }
    for (const vram__jval *m = vram__json_child(q->doc, arch); m; m = vram__json_next(q->doc, m)) {
        const char *key = vram__json_key(q->doc, m, NULL);
        if (m->type == VRAM__J_NULL)
            continue;
        snprintf(path, sizeof path, "architecture.%s", key);
        vram_model_key mk = 0;
        for (size_t i = 0; i < sizeof arch_fields / sizeof arch_fields[0]; i++)
            if (strcmp(arch_fields[i].name, key) == 0)
                mk = arch_fields[i].key;
        if (!mk && vram_model_key_from_name(key, &mk) != VRAM_OK)
            return vram__fail(VRAM_E_UNKNOWN_KEY, "%s is not a known field", path);
        vram_status st;
        if ((m->type == VRAM__J_TRUE || m->type == VRAM__J_FALSE) && vram__model_key_is_flag(mk)) {
            st = vram__model_set_nd(q->model, mk, m->type == VRAM__J_TRUE);
        } else if (m->type == VRAM__J_STRING && vram__model_enum(mk)) {
            const char *s; /* an enum name: "family": "qwen2" */
            if ((st = want_str(q, m, path, &s)) != VRAM_OK)
                return st;
            st = vram_model_set_str(q->model, mk, s);
        } else {
            uint64_t u;
            if ((st = want_u64(q, m, path, true, &u)) != VRAM_OK)
                return st;
            st = vram__model_set_nd(q->model, mk, u);
        }
        if (st != VRAM_OK)
            return prefix(st, path);
    }
    vram__model_derive(q->model);
    return VRAM_OK;
}

static vram_status build_model(req *q, const vram__jval *root)
{
    const vram__jdoc *d = q->doc;
    const vram__jval *hf = vram__json_get(d, root, "hf_config");
    const vram__jval *name = vram__json_get(d, root, "model_name");
    const vram__jval *arch = vram__json_get(d, root, "architecture");
    const vram__jval *pb = vram__json_get(d, root, "params_billions");
    double params = 0;
    vram_status st;
    if (pb) {
        if ((st = want_f64(q, pb, "params_billions", &params)) != VRAM_OK)
            return st;
        /* vram_model_from_param_count's range, 1e6 .. 1e13 parameters */
        if (!(params >= 0.001 && params <= 10000))
            return vram__fail(VRAM_E_RANGE, "params_billions must be in [0.001, 10000], got %g",
                              params);
        params *= 1e9;
    }
    const char *model_name = NULL;
    if (name && (st = want_str(q, name, "model_name", &model_name)) != VRAM_OK)
        return st;

    if (hf) {
        if (hf->type != VRAM__J_OBJECT)
            return vram__fail(VRAM_E_TYPE, "hf_config must be an object");
        st = vram__model_from_hf_value(d, hf, &q->model);
        if (st != VRAM_OK)
            return prefix(st, "hf_config");
    } else if (model_name) {
        st = vram_model_from_preset(model_name, &q->model);
        if (st == VRAM_E_NOT_FOUND) {
            char msg[VRAM__MSG_MAX];
            snprintf(msg, sizeof msg, "%s", vram_last_error());
            double guess;
            bool closed = strstr(msg, "not public") != NULL;
            if (!closed && params > 0)
                st = vram_model_from_param_count(params, &q->model);
            else if (!closed && arch)
                st = vram_model_create(&q->model);
            else if (!closed && size_from_name(model_name, &guess))
                st = vram_model_from_param_count(guess, &q->model);
            else
                return prefix(vram__fail_msg(VRAM_E_NOT_FOUND, msg), "model_name");
        }
        if (st != VRAM_OK)
            return prefix(st, "model_name");
    } else if (params > 0) {
        if ((st = vram_model_from_param_count(params, &q->model)) != VRAM_OK)
            return prefix(st, "params_billions");
    } else if (arch) {
        if ((st = vram_model_create(&q->model)) != VRAM_OK)
            return st;
    } else {
        return vram__fail(VRAM_E_INCOMPLETE, "the request names no model: give model_name, "
                          "hf_config, architecture or params_billions");
    }
    if (arch && (st = apply_architecture(q, arch)) != VRAM_OK)
        return st;
    /* a parameter count given beside a known architecture wins for the weights */
    if (params > 0 && !q->model->arch_estimated) {
        uint64_t p = (uint64_t)llround(params);
        if ((st = vram_model_set_u64(q->model, VRAM_MODEL_PARAMS_OVERRIDE, p)) != VRAM_OK)
            return prefix(st, "params_billions");
    }
    snprintf(q->model_name, sizeof q->model_name, "%s",
             model_name ? model_name : q->model->name[0] ? q->model->name : "custom");
    return vram_model_validate(q->model);
}

/* ------------------------------------------------------------- config */

/* "quantization": null, "none", the seed's "Q8"/"Q4", a format name, or a
 * GGUF type/preset. */
static vram_status apply_quantization(req *q, const vram__jval *v)
{
    const char *s;
    vram_status st;
    if ((st = want_str(q, v, "quantization", &s)) != VRAM_OK)
        return st;
    uint64_t ft;
    vram_config *c = q->config;
    if (vram__name_eq(s, "Q8") || vram__name_eq(s, "Q4")) {
        /* the seed's generic formats: symmetric int8 per channel, int4 per 128 */
        bool eight = s[1] == '8';
        st = vram_config_set_u64(c, VRAM_CFG_QUANT, VRAM_QUANT_INT);
        if (st == VRAM_OK)
            st = vram_config_set_u64(c, VRAM_CFG_QUANT_BITS, eight ? 8 : 4);
        if (st == VRAM_OK)
            st = vram_config_set_u64(c, VRAM_CFG_QUANT_GROUP_SIZE,
                                     eight ? VRAM_GROUP_PER_CHANNEL : 128);
        return st;
    }
    if (vram__enum_lookup(&vram__enum_gguf_ftype, s, &ft)) {
        st = vram_config_set_u64(c, VRAM_CFG_QUANT, VRAM_QUANT_GGUF);
        if (st == VRAM_OK)
            st = vram_config_set_u64(c, VRAM_CFG_GGUF_FTYPE, ft);
        if (st == VRAM_OK && !q->engine_set)
            st = vram_config_set_u64(c, VRAM_CFG_ENGINE, VRAM_ENGINE_LLAMA_CPP);
        return st;
    }
    uint64_t qv;
    if (!vram__enum_lookup(&vram__enum_quant, s, &qv) || qv == VRAM_QUANT_AUTO)
        return vram__fail(VRAM_E_UNKNOWN_KEY, "quantization: unknown value \"%s\" (use null, "
                          "Q8, Q4, fp8, int8, nf4, fp4, gptq, awq, mxfp4 or a GGUF type such as "
                          "Q4_K_M)", s);
    return vram_config_set_u64(c, VRAM_CFG_QUANT, qv);
}

static vram_status apply_quant_config(req *q, const vram__jval *obj)
{
    char lit[80], path[96];
    if (obj->type != VRAM__J_OBJECT) {
        literal(q, obj, lit, sizeof lit);
        return vram__fail(VRAM_E_TYPE, "quantization_config must be an object, got %s", lit);
    }
    for (const vram__jval *m = vram__json_child(q->doc, obj); m; m = vram__json_next(q->doc, m)) {
        const char *key = vram__json_key(q->doc, m, NULL);
        snprintf(path, sizeof path, "quantization_config.%s", key);
        vram_status st;
        if (m->type == VRAM__J_NULL)
            continue;
        if (strcmp(key, "bits") == 0) {
            uint64_t u;
            if ((st = want_u64(q, m, path, false, &u)) != VRAM_OK)
                return st;
            st = vram_config_set_u64(q->config, VRAM_CFG_QUANT_BITS, u);
        } else if (strcmp(key, "group_size") == 0) {
            if (m->type == VRAM__J_NUMBER && (m->nflags & VRAM__JN_I64) && m->v.i == -1) {
                st = vram_config_set_u64(q->config, VRAM_CFG_QUANT_GROUP_SIZE, VRAM_GROUP_PER_CHANNEL);
            } else {
                uint64_t u;
                if ((st = want_u64(q, m, path, false, &u)) != VRAM_OK)
                    return st;
                st = vram_config_set_u64(q->config, VRAM_CFG_QUANT_GROUP_SIZE, u);
            }
        } else if (strcmp(key, "double_quant") == 0) {
            bool b;
            if ((st = want_bool(q, m, path, &b)) != VRAM_OK)
                return st;
            st = vram_config_set_u64(q->config, VRAM_CFG_DOUBLE_QUANT, b);
        } else {
            return vram__fail(VRAM_E_UNKNOWN_KEY, "%s is not a known field", path);
        }
        if (st != VRAM_OK)
            return prefix(st, path);
    }
    return VRAM_OK;
}

/* "dtype": float32/float16/bfloat16, and the seed's float8/int8/int4
 * (16-bit compute over 8- or 4-bit weights). */
static vram_status apply_dtype(req *q, const vram__jval *v)
{
    const char *s;
    vram_status st;
    if ((st = want_str(q, v, "dtype", &s)) != VRAM_OK)
        return st;
    vram_config *c = q->config;
    if (vram__name_eq(s, "float8") || vram__name_eq(s, "fp8")) {
        st = vram_config_set_u64(c, VRAM_CFG_QUANT, VRAM_QUANT_FP8);
        return st == VRAM_OK ? vram_config_set_u64(c, VRAM_CFG_DTYPE, VRAM_DTYPE_F16) : st;
    }
    if (vram__name_eq(s, "int8") || vram__name_eq(s, "int4")) {
        bool eight = s[3] == '8';
        st = vram_config_set_u64(c, VRAM_CFG_QUANT, VRAM_QUANT_INT);
        if (st == VRAM_OK)
            st = vram_config_set_u64(c, VRAM_CFG_QUANT_BITS, eight ? 8 : 4);
        if (st == VRAM_OK)
            st = vram_config_set_u64(c, VRAM_CFG_QUANT_GROUP_SIZE, eight ? VRAM_GROUP_PER_CHANNEL : 128);
        return st == VRAM_OK ? vram_config_set_u64(c, VRAM_CFG_DTYPE, VRAM_DTYPE_F16) : st;
    }
    uint64_t dv;
    if (!vram__enum_lookup(&vram__enum_dtype, s, &dv) || dv == VRAM_DTYPE_AUTO ||
        (dv != VRAM_DTYPE_F32 && dv != VRAM_DTYPE_F16 && dv != VRAM_DTYPE_BF16))
        return vram__fail(VRAM_E_UNKNOWN_KEY, "dtype: unknown value \"%s\" (use float32, float16, "
                          "bfloat16, float8, int8 or int4)", s);
    return vram_config_set_u64(c, VRAM_CFG_DTYPE, dv);
}

static vram_status apply_targets(req *q, const vram__jval *v)
{
    vram_status st;
    const char *s;
    if (v->type == VRAM__J_STRING) {
        if ((st = want_str(q, v, "training.lora_target_modules", &s)) != VRAM_OK)
            return st;
        st = vram_config_set_str(q->config, VRAM_CFG_LORA_TARGETS, s);
        return st == VRAM_OK ? st : prefix(st, "training.lora_target_modules");
    }
    if (v->type != VRAM__J_ARRAY)
        return vram__fail(VRAM_E_TYPE, "training.lora_target_modules must be a list of module "
                          "names or \"all-linear\"");
    char list[1024];
    size_t n = 0;
    list[0] = '\0';
    for (const vram__jval *e = vram__json_child(q->doc, v); e; e = vram__json_next(q->doc, e)) {
        if ((st = want_str(q, e, "training.lora_target_modules[]", &s)) != VRAM_OK)
            return st;
        if (vram__name_eq(s, "all-linear") || vram__name_eq(s, "all_linear")) {
            st = vram_config_set_str(q->config, VRAM_CFG_LORA_TARGETS, "all-linear");
            return st == VRAM_OK ? st : prefix(st, "training.lora_target_modules");
        }
        size_t len = strlen(s);
        if (strchr(s, ',') || strchr(s, ' ') || n + len + 2 > sizeof list)
            return vram__fail(VRAM_E_RANGE, "training.lora_target_modules: bad module name \"%.60s\"", s);
        if (n)
            list[n++] = ',';
        memcpy(list + n, s, len + 1);
        n += len;
    }
    if (!n)
        return vram__fail(VRAM_E_RANGE, "training.lora_target_modules is empty");
    st = vram_config_set_str(q->config, VRAM_CFG_LORA_TARGETS, list);
    return st == VRAM_OK ? st : prefix(st, "training.lora_target_modules");
}

static vram_status apply_training(req *q, const vram__jval *tr)
{
    vram_status st = apply_object(q, tr, "training", training_fields,
                                  sizeof training_fields / sizeof training_fields[0]);
    if (st != VRAM_OK)
        return st;
    const vram__jval *t = vram__json_get(q->doc, tr, "lora_target_modules");
    if (t && (st = apply_targets(q, t)) != VRAM_OK)
        return st;
    const vram__jval *ld = vram__json_get(q->doc, tr, "lora_dropout");
    if (ld) {
        double p;
        if ((st = want_f64(q, ld, "training.lora_dropout", &p)) != VRAM_OK)
            return st;
        if (p < 0 || p >= 1)
            return vram__fail(VRAM_E_RANGE, "training.lora_dropout must be in [0, 1), got %g", p);
        st = vram_config_set_u64(q->config, VRAM_CFG_LORA_DROPOUT, p > 0);
    }
    return st;
}

/* A setting given twice (top level and inside an object) must agree. */
static vram_status same_value(const req *q, const vram__jval *root, const char *top,
                              const vram__jval *obj, const char *inner)
{
    const vram__jval *a = vram__json_get(q->doc, root, top);
    const vram__jval *b = vram__json_get(q->doc, obj, inner);
    if (!a || !b)
        return VRAM_OK;
    char la[80], lb[80];
    literal(q, a, la, sizeof la);
    literal(q, b, lb, sizeof lb);
    if (strcmp(la, lb) == 0)
        return VRAM_OK;
    return vram__fail(VRAM_E_INCONSISTENT, "%s %s and training.%s %s disagree; give one", top, la,
                      inner, lb);
}

static vram_status parse_request(req *q, const vram__jval *root)
{
    const vram__jdoc *d = q->doc;
    vram_status st;
    char lit[80];
    if (root->type != VRAM__J_OBJECT)
        return vram__fail(VRAM_E_TYPE, "the request must be a JSON object");
    /* every member must be known */
    for (const vram__jval *m = vram__json_child(d, root); m; m = vram__json_next(d, m)) {
        const char *key = vram__json_key(d, m, NULL);
        bool known = false;
        for (size_t i = 0; i < sizeof special_fields / sizeof special_fields[0] && !known; i++)
            known = strcmp(special_fields[i], key) == 0;
        for (size_t i = 0; i < sizeof top_fields / sizeof top_fields[0] && !known; i++)
            known = strcmp(top_fields[i].name, key) == 0;
        if (!known)
            return vram__fail(VRAM_E_UNKNOWN_KEY, "%s is not a known field", key);
    }
    const vram__jval *v;
    if ((v = vram__json_get(d, root, "api_version"))) {
        uint64_t ver;
        if ((st = want_u64(q, v, "api_version", false, &ver)) != VRAM_OK)
            return st;
        if (ver != API_VERSION)
            return vram__fail(VRAM_E_UNSUPPORTED, "api_version %llu is not supported (this "
                              "library speaks version %d)", (unsigned long long)ver, API_VERSION);
    }
    if ((st = vram_config_create(&q->config)) != VRAM_OK)
        return st;
    vram_config *c = q->config;

    q->mode = VRAM_MODE_INFERENCE;
    if ((v = vram__json_get(d, root, "mode"))) {
        const char *s;
        uint64_t mv;
        if ((st = want_str(q, v, "mode", &s)) != VRAM_OK)
            return st;
        if (!vram__enum_lookup(&vram__enum_mode, s, &mv))
            return vram__fail(VRAM_E_UNKNOWN_KEY, "mode: unknown value \"%s\" (use inference, "
                              "full_ft, lora or qlora)", s);
        q->mode = (vram_mode)mv;
    }
    if ((v = vram__json_get(d, root, "engine"))) {
        const char *s;
        if ((st = want_str(q, v, "engine", &s)) != VRAM_OK)
            return st;
        if ((st = vram_config_set_str(c, VRAM_CFG_ENGINE, s)) != VRAM_OK)
            return prefix(st, "engine");
        q->engine_set = true;
    } else {
        /* the seed API is vLLM's; training follows transformers */
        vram_config_set_u64(c, VRAM_CFG_ENGINE, q->mode == VRAM_MODE_INFERENCE
                                                   ? VRAM_ENGINE_VLLM : VRAM_ENGINE_TRANSFORMERS);
    }

    /* the seed's defaults: float16, 32 sequences (inference; a training
     * micro-batch defaults to 1), 4096 tokens here */
    vram_config_set_u64(c, VRAM_CFG_DTYPE, VRAM_DTYPE_F16);
    if (q->mode == VRAM_MODE_INFERENCE)
        vram_config_set_u64(c, VRAM_CFG_BATCH_SIZE, 32);
    if ((v = vram__json_get(d, root, "dtype")) && (st = apply_dtype(q, v)) != VRAM_OK)
        return st;
    if ((v = vram__json_get(d, root, "quantization")) && (st = apply_quantization(q, v)) != VRAM_OK)
        return prefix(st, "quantization");
    if ((v = vram__json_get(d, root, "quantization_config")) &&
        (st = apply_quant_config(q, v)) != VRAM_OK)
        return st;
    if ((v = vram__json_get(d, root, "kv_cache_dtype"))) {
        const char *s;
        uint64_t kv;
        if ((st = want_str(q, v, "kv_cache_dtype", &s)) != VRAM_OK)
            return st;
        if (!vram__enum_lookup(&vram__enum_dtype, s, &kv) || kv == VRAM_DTYPE_INT4)
            return vram__fail(VRAM_E_UNKNOWN_KEY, "kv_cache_dtype: unknown value \"%s\" (use auto, "
                              "fp8, fp8_e4m3, fp8_e5m2, int8, q8_0, q4_0, f16 or f32)", s);
        if ((st = vram_config_set_u64(c, VRAM_CFG_KV_DTYPE, kv)) != VRAM_OK)
            return prefix(st, "kv_cache_dtype");
        /* llama.cpp's cache types follow unless its own object sets them */
        if (kv != VRAM_DTYPE_AUTO && kv != VRAM_DTYPE_FP8_E4M3 && kv != VRAM_DTYPE_FP8_E5M2 &&
            kv != VRAM_DTYPE_INT8) {
            vram_config_set_u64(c, VRAM_CFG_TYPE_K, kv);
            vram_config_set_u64(c, VRAM_CFG_TYPE_V, kv);
        }
    }
    uint64_t seq = 4096, mml = 0, batch;
    if ((v = vram__json_get(d, root, "max_seq_len")) &&
        (st = want_u64(q, v, "max_seq_len", false, &seq)) != VRAM_OK)
        return st;
    if ((v = vram__json_get(d, root, "max_model_len"))) {
        if ((st = want_u64(q, v, "max_model_len", false, &mml)) != VRAM_OK)
            return st;
        if (!vram__json_get(d, root, "max_seq_len"))
            seq = mml;
    }
    if ((st = vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, seq)) != VRAM_OK)
        return prefix(st, vram__json_get(d, root, "max_seq_len") ? "max_seq_len" : "max_model_len");
    if (mml && (st = vram_config_set_u64(c, VRAM_CFG_MAX_MODEL_LEN, mml)) != VRAM_OK)
        return prefix(st, "max_model_len");
    if ((v = vram__json_get(d, root, "max_batch_size"))) {
        if ((st = want_u64(q, v, "max_batch_size", false, &batch)) != VRAM_OK)
            return st;
        if ((st = vram_config_set_u64(c, VRAM_CFG_BATCH_SIZE, batch)) != VRAM_OK)
            return prefix(st, "max_batch_size");
        /* vLLM: the concurrent sequences it is launched for */
        if (!vram__json_get(d, root, "max_num_seqs"))
            vram_config_set_u64(c, VRAM_CFG_MAX_NUM_SEQS, batch);
    }
    for (size_t i = 0; i < sizeof top_fields / sizeof top_fields[0]; i++)
        if ((v = vram__json_get(d, root, top_fields[i].name)) &&
            (st = apply_field(q, &top_fields[i], v, top_fields[i].name)) != VRAM_OK)
            return st;
    q->gpu = -1;
    if ((v = vram__json_get(d, root, "gpu"))) {
        const char *s;
        uint32_t idx;
        if ((st = want_str(q, v, "gpu", &s)) != VRAM_OK)
            return st;
        if ((st = vram_gpu_find(s, &idx)) != VRAM_OK)
            return prefix(st, "gpu");
        vram_config_set_u64(c, VRAM_CFG_GPU, (uint64_t)idx + 1);
        q->gpu = (int32_t)idx;
    }
    if ((v = vram__json_get(d, root, "training"))) {
        /* a training object on an inference request, or two values for one
         * setting, are mistakes: refuse rather than pick one silently */
        if (q->mode == VRAM_MODE_INFERENCE)
            return vram__fail(VRAM_E_INCONSISTENT, "training settings apply to modes full_ft, "
                              "lora and qlora, and mode is inference");
        if ((st = same_value(q, root, "max_seq_len", v, "seq_len")) != VRAM_OK ||
            (st = same_value(q, root, "max_batch_size", v, "micro_batch_size")) != VRAM_OK)
            return st;
        if ((st = apply_training(q, v)) != VRAM_OK)
            return st;
    }
    if ((v = vram__json_get(d, root, "llama_cpp")) &&
        c->u[VRAM__C_ENGINE] != VRAM_ENGINE_LLAMA_CPP)
        return vram__fail(VRAM_E_INCONSISTENT, "llama_cpp settings apply to engine llama.cpp "
                          "(or a GGUF quantization), and engine is %s",
                          vram__enum_str(&vram__enum_engine, c->u[VRAM__C_ENGINE]));
    if ((v = vram__json_get(d, root, "llama_cpp")) &&
        (st = apply_object(q, v, "llama_cpp", llama_fields,
                           sizeof llama_fields / sizeof llama_fields[0])) != VRAM_OK)
        return st;
    if ((v = vram__json_get(d, root, "overheads")) &&
        (st = apply_object(q, v, "overheads", overhead_fields,
                           sizeof overhead_fields / sizeof overhead_fields[0])) != VRAM_OK)
        return st;

    /* num_gpus: the layout's device count; alone it becomes tensor
     * parallelism for inference and data parallelism for training */
    uint64_t tp = c->u[VRAM__C_TP], pp = c->u[VRAM__C_PP], dp = c->u[VRAM__C_DP];
    if ((v = vram__json_get(d, root, "num_gpus"))) {
        uint64_t n;
        if ((st = want_u64(q, v, "num_gpus", false, &n)) != VRAM_OK)
            return st;
        bool layout = vram__json_get(d, root, "tensor_parallel_size") ||
                      vram__json_get(d, root, "pipeline_parallel_size") ||
                      vram__json_get(d, root, "data_parallel_size");
        if (layout && tp * pp * dp != n) {
            literal(q, v, lit, sizeof lit);
            return vram__fail(VRAM_E_INCONSISTENT, "num_gpus %s differs from tensor x pipeline x "
                              "data parallel sizes %llu", lit, (unsigned long long)(tp * pp * dp));
        }
        if (!layout) {
            st = vram_config_set_u64(c, q->mode == VRAM_MODE_INFERENCE ? VRAM_CFG_TP : VRAM_CFG_DP, n);
            if (st != VRAM_OK)
                return prefix(st, "num_gpus");
        }
    }
    vram_config_get_f64(c, VRAM_CFG_GPU_MEMORY_UTILIZATION, &q->util);
    return VRAM_OK;
}

/* ------------------------------------------------------------- response */

static void put_gb(vram__buf *b, const char *key, uint64_t bytes)
{
    vram__buf_json_str(b, key);
    vram__buf_puts(b, ": ");
    vram__buf_fixed(b, (double)bytes / 1e9, 2);
}

static void put_key(vram__buf *b, const char *key)
{
    vram__buf_json_str(b, key);
    vram__buf_puts(b, ": ");
}

static void put_u64(vram__buf *b, const char *key, uint64_t v)
{
    put_key(b, key);
    vram__buf_u64(b, v);
}

static vram_status respond(req *q, vram__buf *b)
{
    vram_result *r = NULL;
    vram_status st = vram_result_create(&r);
    if (st != VRAM_OK)
        return st;
    st = vram_estimate(q->model, q->config, q->mode, r);
    if (st != VRAM_OK) {
        vram_result_destroy(r);
        return st;
    }
    const vram_model *m = q->model;
    uint64_t peak_dev = 0;
    vram_result_get_u64(r, VRAM_RES_PEAK_DEVICE, &peak_dev);
    uint32_t pd = (uint32_t)peak_dev;
    uint64_t part[VRAM__NPARTS];
    for (unsigned p = 0; p < VRAM__NPARTS; p++)
        vram_result_bytes(r, pd, (vram_part)p, &part[p]);

    /* the seed's figures, for the peak device */
    uint64_t per_token = r->u[VRAM__R_KV_PER_TOKEN];
    uint64_t block = q->config->u[VRAM__C_BLOCK_SIZE];
    uint64_t seq = q->config->u[VRAM__C_SEQ_LEN], batch = q->config->u[VRAM__C_BATCH];
    uint64_t mml = vram__cfg_isset(q->config, VRAM__C_MAX_MODEL_LEN)
                       ? q->config->u[VRAM__C_MAX_MODEL_LEN] : seq;
    bool ovf = false;
    uint64_t min_kv = 0, max_kv = 0;
    if (q->mode == VRAM_MODE_INFERENCE) {
        min_kv = vram__sat_mul(vram__sat_mul(batch, block, &ovf), per_token, &ovf);
        max_kv = vram__sat_mul(vram__sat_mul(batch, vram__round_up(mml, block), &ovf), per_token,
                               &ovf);
    }
    uint64_t weights = part[VRAM_PART_WEIGHTS] + part[VRAM_PART_QUANT_METADATA];
    uint64_t act = part[VRAM_PART_ACTIVATIONS] + part[VRAM_PART_LOGITS];
    uint64_t overhead = part[VRAM_PART_CUDA_CONTEXT] + part[VRAM_PART_WORKSPACE] +
                        part[VRAM_PART_ALLOCATOR_SLACK] + part[VRAM_PART_COMM_BUFFERS] +
                        part[VRAM_PART_CUDA_GRAPHS] + part[VRAM_PART_DEQUANT_BUFFER];
    uint64_t rest = part[VRAM_PART_TOTAL] - weights - act - overhead - part[VRAM_PART_KV_CACHE];
    uint64_t tmin = vram__sat_add(weights + act + overhead + rest, min_kv, &ovf);
    uint64_t tmax = vram__sat_add(weights + act + overhead + rest, max_kv, &ovf);
    if (q->mode != VRAM_MODE_INFERENCE)
        tmin = tmax = part[VRAM_PART_TOTAL];
    double util = q->util > 0 ? q->util : 0.9;
    uint64_t recommended = vram__bytes_from_double((double)tmax / util, &ovf);
    if (ovf) {
        vram_result_destroy(r);
        return vram__fail(VRAM_E_OVERFLOW, "the seed's figures (maximum KV cache %llu x %llu "
                          "tokens, divided by gpu_memory_utilization %.17g) overflow 64-bit byte "
                          "counts", (unsigned long long)batch, (unsigned long long)mml, util);
    }

    vram__buf_puts(b, "{");
    put_u64(b, "api_version", API_VERSION);
    vram__buf_puts(b, ", ");
    put_key(b, "model_name");
    vram__buf_json_str(b, q->model_name);
    vram__buf_puts(b, ", ");
    put_gb(b, "model_params_memory_gb", weights);
    vram__buf_puts(b, ", ");
    put_gb(b, "activation_memory_gb", act);
    vram__buf_puts(b, ", ");
    put_gb(b, "min_kv_cache_memory_gb", min_kv);
    vram__buf_puts(b, ", ");
    put_gb(b, "max_kv_cache_memory_gb", max_kv);
    vram__buf_puts(b, ", ");
    put_gb(b, "cuda_overhead_gb", overhead);
    vram__buf_puts(b, ", ");
    put_gb(b, "total_min_memory_gb", tmin);
    vram__buf_puts(b, ", ");
    put_gb(b, "total_max_memory_gb", tmax);
    vram__buf_puts(b, ", ");
    put_gb(b, "recommended_memory_gb", recommended);
    vram__buf_puts(b, ", ");
    /* the seed's "warning": null unless there is something to warn about
     * (a missing device is not; "warnings" below lists every flag) */
    put_key(b, "warning");
    uint64_t warn = r->u[VRAM__R_WARNINGS] & ~(uint64_t)VRAM_WARN_UNKNOWN_DEVICE;
    if (!warn) {
        vram__buf_puts(b, "null");
    } else {
        char text[1024];
        vram__buf w = {text, sizeof text, 0};
        for (unsigned i = 0; i < 32; i++)
            if (warn >> i & 1u) {
                const char *t = vram_warning_text((vram_warning)(1u << i));
                if (!t)
                    continue;
                if (w.len)
                    vram__buf_puts(&w, "; ");
                vram__buf_puts(&w, t);
            }
        vram__buf_finish(&w, NULL);
        vram__buf_json_str(b, text);
    }
    vram__buf_puts(b, ", ");
    put_key(b, "components_breakdown");
    vram__buf_puts(b, "{");
    put_gb(b, "model_params", weights);
    vram__buf_puts(b, ", ");
    put_gb(b, "activation", act);
    vram__buf_puts(b, ", ");
    put_gb(b, "min_kv_cache", min_kv);
    vram__buf_puts(b, ", ");
    put_gb(b, "max_kv_cache", max_kv);
    vram__buf_puts(b, ", ");
    put_gb(b, "cuda_overhead", overhead);
    for (unsigned p = 1; p < VRAM__NPARTS; p++) {
        char k[48];
        snprintf(k, sizeof k, "%s_gb", vram_part_name((vram_part)p));
        vram__buf_puts(b, ", ");
        put_gb(b, k, part[p]);
    }
    vram__buf_puts(b, "}, ");
    put_key(b, "architecture_used");
    vram__buf_puts(b, "{");
    put_u64(b, "num_layers", m->v[VRAM__M_NUM_LAYERS]);
    vram__buf_puts(b, ", ");
    put_u64(b, "hidden_size", m->v[VRAM__M_HIDDEN]);
    vram__buf_puts(b, ", ");
    put_u64(b, "num_heads", m->v[VRAM__M_HEADS]);
    vram__buf_puts(b, ", ");
    put_u64(b, "num_key_value_heads", m->kv_heads);
    vram__buf_puts(b, ", ");
    put_u64(b, "head_dim", m->head_dim);
    vram__buf_puts(b, ", ");
    put_u64(b, "intermediate_size", m->v[VRAM__M_INTERMEDIATE]);
    vram__buf_puts(b, ", ");
    put_u64(b, "vocab_size", m->v[VRAM__M_VOCAB]);
    if (m->v[VRAM__M_EXPERTS]) {
        vram__buf_puts(b, ", ");
        put_u64(b, "num_experts", m->v[VRAM__M_EXPERTS]);
        vram__buf_puts(b, ", ");
        put_u64(b, "num_experts_per_tok", m->v[VRAM__M_EXPERTS_PER_TOKEN]);
    }
    if (m->v[VRAM__M_SLIDING_WINDOW]) {
        vram__buf_puts(b, ", ");
        put_u64(b, "sliding_window", m->v[VRAM__M_SLIDING_WINDOW]);
    }
    vram__buf_puts(b, ", ");
    put_u64(b, "params", m->params_reported);
    vram__buf_puts(b, "}, ");
    vram__result_json_members(r, b, false);

    /* fit: does the peak device fit, how many devices are needed, at what cost */
    uint64_t dev = r->u[VRAM__R_FIT_DEVICE];
    if (dev) {
        vram__buf_puts(b, ", ");
        put_key(b, "fit");
        vram__buf_puts(b, "{");
        put_key(b, "gpu");
        if (q->gpu >= 0) {
            const char *gn = "";
            vram_gpu_get_str((uint32_t)q->gpu, VRAM_GPU_NAME, &gn);
            vram__buf_json_str(b, gn);
        } else {
            vram__buf_puts(b, "null");
        }
        vram__buf_puts(b, ", ");
        put_u64(b, "device_bytes", dev);
        bool fits = r->u[VRAM__R_FIT_FITS] != 0;
        vram__buf_puts(b, fits ? ", \"fits\": true" : ", \"fits\": false");
        uint64_t tp = 0, pp = 0, need = 0;
        if (fits) {
            vram_result_get_u64(r, VRAM_RES_NUM_DEVICES, &need);
            tp = q->config->u[VRAM__C_TP];
            pp = q->config->u[VRAM__C_PP];
        } else if (vram_solve_min_gpus(m, q->config, q->mode, dev, 1024, &tp, &pp, &need) != VRAM_OK) {
            need = tp = pp = 0;
        }
        vram__buf_puts(b, ", ");
        put_u64(b, "gpus_needed", need);
        vram__buf_puts(b, ", ");
        put_u64(b, "tensor_parallel_size", tp);
        vram__buf_puts(b, ", ");
        put_u64(b, "pipeline_parallel_size", pp);
        double price = q->gpu >= 0 ? vram__gpu_price((uint32_t)q->gpu) : 0;
        vram__buf_puts(b, ", ");
        put_key(b, "cost_per_hour");
        if (price > 0 && need)
            vram__buf_fixed(b, price * (double)need, 2);
        else
            vram__buf_puts(b, "null");
        vram__buf_puts(b, ", ");
        put_key(b, "decode_tokens_per_s");
        double tps = 0;
        vram_result_get_f64(r, VRAM_RES_FIT_DECODE_TOKENS_PER_S, &tps);
        if (tps > 0)
            vram__buf_fixed(b, tps, 1);
        else
            vram__buf_puts(b, "null");
        vram__buf_puts(b, "}");
    }
    vram__buf_puts(b, "}");
    vram_result_destroy(r);
    return VRAM_OK;
}

static void respond_error(vram__buf *b, vram_status st)
{
    b->len = 0;
    vram__buf_puts(b, "{\"api_version\": 1, \"error\": {\"code\": ");
    vram__buf_json_str(b, vram_status_name(st));
    vram__buf_puts(b, ", \"message\": ");
    vram__buf_json_str(b, vram_last_error()[0] ? vram_last_error() : vram_strerror(st));
    vram__buf_puts(b, "}}");
}

VRAM_API vram_status vram_api_call(const char *request, size_t len, char *out, size_t cap,
                                   size_t *needed)
{
    if (!out && cap)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_api_call: out is NULL but cap is %zu", cap);
    vram__buf b = {out, cap, 0};
    req q;
    memset(&q, 0, sizeof q);
    vram_status st;
    if (!request)
        st = vram__fail(VRAM_E_INVALID_ARG, "vram_api_call: request is NULL");
    else
        st = vram__json_parse(request, len, MAX_REQUEST, "request", &q.doc);
    if (st == VRAM_OK)
        st = parse_request(&q, vram__json_root(q.doc));
    if (st == VRAM_OK)
        st = build_model(&q, vram__json_root(q.doc));
    if (st == VRAM_OK)
        st = respond(&q, &b);
    if (st != VRAM_OK)
        respond_error(&b, st);
    vram_model_destroy(q.model);
    vram_config_destroy(q.config);
    vram__json_free(q.doc);
    vram_status fin = vram__buf_finish(&b, needed);
    if (fin != VRAM_OK)
        return vram__fail(fin, "vram_api_call: the response needs %zu bytes, the buffer holds %zu",
                          b.len + 1, cap);
    return st;
}
