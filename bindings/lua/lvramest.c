/*
 * lvramest.c - the Lua 5.4 binding of libvramest: `local vramest = require "vramest"`.
 *
 * A thin layer over the C ABI (vramest.h), shaped like Lua's own io library
 * (lua/lua liolib.c) and lua-cjson (openresty/lua-cjson lua_cjson.c):
 *
 *  - Handles are full userdata with the metatables "vramest.model",
 *    "vramest.config" and "vramest.result" (kept in the registry): a method
 *    table as __index, and __gc, __close and :close() sharing one closer
 *    that may run any number of times. A userdata is created closed and
 *    only then gets its C object, so a failed constructor leaves nothing to
 *    free. Using a closed handle raises an error.
 *  - Library failures return `fail, message, code` (luaL_fileresult's
 *    convention): nil, vram_last_error() read right after the failing call,
 *    and the status name, e.g. "VRAM_E_RANGE". Wrong argument types raise
 *    (luaL_check*). Setters return the handle, for chaining.
 *  - Every enumerator of vramest.h is a module field named without its
 *    "VRAM_" prefix: vramest.CFG_SEQ_LEN, vramest.PART_KV_CACHE,
 *    vramest.E_RANGE. Keys, parts, modes and result keys may also be given
 *    by name ("seq_len", "kv_cache", "lora", "peak_device_bytes").
 *  - Byte counts are lua_Integer (64-bit in Lua 5.4); a value above
 *    LUA_MAXINTEGER raises rather than wraps.
 *
 * The module has no mutable state of its own: constants are static const
 * data and the metatables live in each lua_State's registry.
 */
#include <lauxlib.h>
#include <lua.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "vramest.h"

#if LUA_VERSION_NUM != 504
#error "lvramest.c needs Lua 5.4"
#endif

#if defined(__GNUC__)
#define LVRAM_EXPORT __attribute__((visibility("default")))
#else
#define LVRAM_EXPORT
#endif

#define MODEL_MT "vramest.model"
#define CONFIG_MT "vramest.config"
#define RESULT_MT "vramest.result"

typedef struct lmodel {
    vram_model *p;
} lmodel;

typedef struct lconfig {
    vram_config *p;
} lconfig;

typedef struct lresult {
    vram_result *p;
} lresult;

/* ------------------------------------------------------------- constants */

typedef struct lconst {
    const char *name;
    lua_Integer value;
} lconst;

#define K(name) {#name, (lua_Integer)VRAM_##name}

/* Every enumerator of vramest.h, without "VRAM_" (test.lua checks the list
 * against the header); the values come from the header itself. */
static const lconst constants[] = {
    /* vram_status */
    K(OK), K(E_INVALID_ARG), K(E_RANGE), K(E_TYPE), K(E_UNKNOWN_KEY), K(E_OVERFLOW), K(E_NOMEM),
    K(E_UNSUPPORTED), K(E_INCOMPLETE), K(E_PARSE), K(E_IO), K(E_NOT_FOUND),
    K(E_BUFFER_TOO_SMALL), K(E_INCONSISTENT), K(E_DOES_NOT_FIT), K(E_LIMIT), K(E_READ_ONLY),
    /* vram_mode */
    K(MODE_INFERENCE), K(MODE_FULL_FT), K(MODE_LORA), K(MODE_QLORA),
    /* vram_engine */
    K(ENGINE_TRANSFORMERS), K(ENGINE_VLLM), K(ENGINE_LLAMA_CPP),
    /* vram_dtype */
    K(DTYPE_AUTO), K(DTYPE_F32), K(DTYPE_F16), K(DTYPE_BF16), K(DTYPE_FP8_E4M3),
    K(DTYPE_FP8_E5M2), K(DTYPE_INT8), K(DTYPE_INT4), K(DTYPE_Q8_0), K(DTYPE_Q4_0),
    K(DTYPE_Q4_1), K(DTYPE_Q5_0), K(DTYPE_Q5_1), K(DTYPE_IQ4_NL),
    /* vram_quant */
    K(QUANT_AUTO), K(QUANT_NONE), K(QUANT_GPTQ), K(QUANT_AWQ), K(QUANT_BNB_NF4),
    K(QUANT_BNB_FP4), K(QUANT_BNB_INT8), K(QUANT_FP8), K(QUANT_MXFP4), K(QUANT_INT),
    K(QUANT_GGUF),
    /* vram_gguf_ftype */
    K(GGUF_F32), K(GGUF_F16), K(GGUF_Q4_0), K(GGUF_Q4_1), K(GGUF_Q8_0), K(GGUF_Q5_0),
    K(GGUF_Q5_1), K(GGUF_Q2_K), K(GGUF_Q3_K_S), K(GGUF_Q3_K_M), K(GGUF_Q3_K_L), K(GGUF_Q4_K_S),
    K(GGUF_Q4_K_M), K(GGUF_Q5_K_S), K(GGUF_Q5_K_M), K(GGUF_Q6_K), K(GGUF_IQ4_NL),
    K(GGUF_IQ4_XS), K(GGUF_BF16), K(GGUF_MXFP4_MOE),
    /* vram_attention */
    K(ATTN_AUTO), K(ATTN_EAGER), K(ATTN_SDPA), K(ATTN_FLASH),
    /* vram_logits */
    K(LOGITS_LAST), K(LOGITS_ALL),
    /* vram_precision */
    K(PREC_FP32), K(PREC_AMP_BF16), K(PREC_AMP_FP16), K(PREC_BF16_MASTER), K(PREC_FP16_MASTER),
    K(PREC_BF16_PURE),
    /* vram_optimizer */
    K(OPT_ADAMW), K(OPT_ADAMW_8BIT), K(OPT_PAGED_ADAMW_8BIT), K(OPT_PAGED_ADAMW_32BIT),
    K(OPT_ADAFACTOR), K(OPT_SGD), K(OPT_SGD_MOMENTUM), K(OPT_LION), K(OPT_ADAFACTOR_MOMENTUM),
    /* vram_kind */
    K(KIND_NONE), K(KIND_EXACT), K(KIND_MODELLED), K(KIND_EMPIRICAL),
    /* vram_mlp */
    K(MLP_GATED), K(MLP_PLAIN),
    /* vram_norm */
    K(NORM_RMS), K(NORM_LAYER), K(NORM_LAYER_NO_BIAS), K(NORM_NONPARAM),
    /* vram_family */
    K(FAMILY_LLAMA), K(FAMILY_MIXTRAL), K(FAMILY_GPT2), K(FAMILY_GPTJ), K(FAMILY_GPT_NEOX),
    K(FAMILY_FALCON), K(FAMILY_MPT), K(FAMILY_PHI3), K(FAMILY_QWEN1), K(FAMILY_DEEPSEEK),
    K(FAMILY_PHI), K(FAMILY_GPT_OSS),
    /* vram_layer_attention */
    K(LAYER_ATTN_FULL), K(LAYER_ATTN_SLIDING),
    /* vram_layer_mlp */
    K(LAYER_MLP_DENSE), K(LAYER_MLP_MOE),
    /* vram_module_name */
    K(MODULE_Q_PROJ), K(MODULE_K_PROJ), K(MODULE_V_PROJ), K(MODULE_O_PROJ), K(MODULE_GATE_PROJ),
    K(MODULE_UP_PROJ), K(MODULE_DOWN_PROJ), K(MODULE_QKV_PROJ), K(MODULE_GATE_UP_PROJ),
    K(MODULE_C_ATTN), K(MODULE_C_PROJ), K(MODULE_C_FC), K(MODULE_QUERY_KEY_VALUE),
    K(MODULE_DENSE), K(MODULE_DENSE_H_TO_4H), K(MODULE_DENSE_4H_TO_H), K(MODULE_OUT_PROJ),
    K(MODULE_FC_IN), K(MODULE_FC_OUT), K(MODULE_WQKV), K(MODULE_W1), K(MODULE_W2), K(MODULE_W3),
    K(MODULE_Q_A_PROJ), K(MODULE_Q_B_PROJ), K(MODULE_KV_A_PROJ), K(MODULE_KV_B_PROJ),
    K(MODULE_GATE), K(MODULE_FC1), K(MODULE_FC2), K(MODULE_EMBED_TOKENS), K(MODULE_LM_HEAD),
    K(MODULE_SHARED_EXPERT_GATE),
    /* vram_model_key */
    K(MODEL_NUM_LAYERS), K(MODEL_HIDDEN_SIZE), K(MODEL_NUM_HEADS), K(MODEL_NUM_KV_HEADS),
    K(MODEL_HEAD_DIM), K(MODEL_INTERMEDIATE_SIZE), K(MODEL_VOCAB_SIZE),
    K(MODEL_TIE_WORD_EMBEDDINGS), K(MODEL_MAX_POSITION_EMBEDDINGS), K(MODEL_V_HEAD_DIM),
    K(MODEL_LEARNED_POSITIONS), K(MODEL_FAMILY), K(MODEL_MLP_KIND), K(MODEL_NORM_KIND),
    K(MODEL_NORMS_PER_LAYER), K(MODEL_QKV_BIAS), K(MODEL_O_BIAS), K(MODEL_MLP_BIAS),
    K(MODEL_QK_NORM), K(MODEL_PARALLEL_ATTN), K(MODEL_LM_HEAD_BIAS), K(MODEL_FUSED_QKV),
    K(MODEL_FUSED_GATE_UP), K(MODEL_FINAL_NORM), K(MODEL_NUM_EXPERTS),
    K(MODEL_EXPERTS_PER_TOKEN), K(MODEL_MOE_INTERMEDIATE_SIZE), K(MODEL_NUM_SHARED_EXPERTS),
    K(MODEL_SHARED_INTERMEDIATE_SIZE), K(MODEL_FIRST_K_DENSE), K(MODEL_MOE_LAYER_STEP),
    K(MODEL_ROUTER_BIAS), K(MODEL_SHARED_EXPERT_GATE), K(MODEL_Q_LORA_RANK),
    K(MODEL_KV_LORA_RANK), K(MODEL_QK_NOPE_HEAD_DIM), K(MODEL_QK_ROPE_HEAD_DIM),
    K(MODEL_SLIDING_WINDOW), K(MODEL_SLIDING_PATTERN), K(MODEL_EXTRA_PARAMS),
    K(MODEL_PARAMS_OVERRIDE), K(MODEL_WEIGHT_DTYPE), K(MODEL_QUANT), K(MODEL_QUANT_BITS),
    K(MODEL_QUANT_GROUP_SIZE), K(MODEL_QUANT_DOUBLE_QUANT), K(MODEL_QUANT_BLOCK_SIZE),
    K(MODEL_QUANT_LM_HEAD), K(MODEL_PARAMS_TOTAL), K(MODEL_PARAMS_ACTIVE),
    K(MODEL_PARAMS_EMBEDDING), K(MODEL_KV_ELEMENTS_PER_TOKEN), K(MODEL_NUM_SLIDING_LAYERS),
    K(MODEL_NUM_MOE_LAYERS), K(MODEL_FILE_WEIGHT_BYTES),
    /* vram_layer_key */
    K(LAYER_ATTENTION), K(LAYER_MLP),
    /* vram_config_key */
    K(CFG_ENGINE), K(CFG_BATCH_SIZE), K(CFG_SEQ_LEN), K(CFG_PROMPT_LEN), K(CFG_DTYPE),
    K(CFG_KV_DTYPE), K(CFG_QUANT), K(CFG_QUANT_BITS), K(CFG_QUANT_GROUP_SIZE),
    K(CFG_DOUBLE_QUANT), K(CFG_GGUF_FTYPE), K(CFG_ATTENTION), K(CFG_LOGITS), K(CFG_PRECISION),
    K(CFG_OPTIMIZER), K(CFG_GRADIENT_CHECKPOINTING), K(CFG_GRAD_ACCUM_STEPS),
    K(CFG_FP32_GRAD_BUFFER), K(CFG_DROPOUT), K(CFG_LORA_RANK), K(CFG_LORA_ALPHA),
    K(CFG_LORA_TARGETS), K(CFG_LORA_ALL_LINEAR), K(CFG_LORA_DTYPE), K(CFG_DORA),
    K(CFG_TRAINABLE_EMBEDDINGS), K(CFG_UPCAST_NON_LINEAR), K(CFG_LORA_DROPOUT), K(CFG_TP),
    K(CFG_PP), K(CFG_DP), K(CFG_EP), K(CFG_ZERO_STAGE), K(CFG_FSDP), K(CFG_OFFLOAD_OPTIMIZER),
    K(CFG_OFFLOAD_PARAMS), K(CFG_SEQUENCE_PARALLEL), K(CFG_PP_MICROBATCHES), K(CFG_GPU),
    K(CFG_GPU_MEMORY_BYTES), K(CFG_GPU_MEMORY_UTILIZATION), K(CFG_MAX_NUM_BATCHED_TOKENS),
    K(CFG_MAX_NUM_SEQS), K(CFG_BLOCK_SIZE), K(CFG_MAX_MODEL_LEN), K(CFG_ENFORCE_EAGER),
    K(CFG_N_CTX), K(CFG_N_BATCH), K(CFG_N_UBATCH), K(CFG_N_SEQ), K(CFG_N_GPU_LAYERS),
    K(CFG_TYPE_K), K(CFG_TYPE_V), K(CFG_FLASH_ATTN), K(CFG_SWA_FULL), K(CFG_KV_UNIFIED),
    K(CFG_CUDA_CONTEXT_BYTES), K(CFG_WORKSPACE_BYTES), K(CFG_ALLOCATOR_SLACK),
    K(CFG_NON_TORCH_BYTES), K(CFG_COMM_BUFFER_BYTES), K(CFG_CUDA_GRAPH_BYTES),
    /* vram_value_type */
    K(TYPE_U64), K(TYPE_F64),
    /* vram_part */
    K(PART_TOTAL), K(PART_WEIGHTS), K(PART_QUANT_METADATA), K(PART_KV_CACHE),
    K(PART_ACTIVATIONS), K(PART_LOGITS), K(PART_GRADIENTS), K(PART_OPTIMIZER_STATES),
    K(PART_MASTER_WEIGHTS), K(PART_ADAPTER_WEIGHTS), K(PART_CUDA_CONTEXT), K(PART_WORKSPACE),
    K(PART_ALLOCATOR_SLACK), K(PART_COMM_BUFFERS), K(PART_CUDA_GRAPHS), K(PART_DEQUANT_BUFFER),
    K(PART_WEIGHT_COPIES),
    /* vram_result_key */
    K(RES_PARAMS_TOTAL), K(RES_PARAMS_ACTIVE), K(RES_PARAMS_TRAINABLE), K(RES_NUM_DEVICES),
    K(RES_PEAK_DEVICE_BYTES), K(RES_PEAK_DEVICE), K(RES_HOST_BYTES), K(RES_MODE), K(RES_ENGINE),
    K(RES_WARNINGS), K(RES_KV_BYTES_PER_TOKEN), K(RES_DTYPE), K(RES_KV_DTYPE), K(RES_QUANT),
    K(RES_BATCH_SIZE), K(RES_SEQ_LEN), K(RES_WEIGHT_BITS), K(RES_VLLM_REQUESTED_BYTES),
    K(RES_VLLM_NON_KV_BYTES), K(RES_VLLM_AVAILABLE_KV_BYTES), K(RES_VLLM_NUM_GPU_BLOCKS),
    K(RES_VLLM_KV_CACHE_TOKENS), K(RES_VLLM_MAX_CONCURRENCY), K(RES_VLLM_FITS),
    K(RES_VLLM_MAX_MODEL_LEN_THAT_FITS), K(RES_VLLM_PAGE_BYTES), K(RES_VLLM_MIN_KV_BYTES),
    K(RES_VLLM_MAX_KV_BYTES), K(RES_VLLM_RECOMMENDED_BYTES), K(RES_VLLM_MAX_NUM_BATCHED_TOKENS),
    K(RES_VLLM_MAX_NUM_SEQS), K(RES_LLAMA_MODEL_BUFFER_BYTES), K(RES_LLAMA_KV_BUFFER_BYTES),
    K(RES_LLAMA_COMPUTE_BUFFER_BYTES), K(RES_LLAMA_HOST_BUFFER_BYTES), K(RES_LLAMA_N_CTX),
    K(RES_FIT_DEVICE_BYTES), K(RES_FIT_FITS), K(RES_FIT_GPUS_NEEDED), K(RES_FIT_COST_PER_HOUR),
    K(RES_FIT_DECODE_TOKENS_PER_S),
    /* vram_warning */
    K(WARN_SEQ_EXCEEDS_CONTEXT), K(WARN_ARCH_ESTIMATED), K(WARN_KV_HEADS_REPLICATED),
    K(WARN_DOES_NOT_FIT), K(WARN_LORA_TARGET_MISSING), K(WARN_QUANT_APPROXIMATE),
    K(WARN_VERY_LARGE_MODEL), K(WARN_VLLM_NO_KV_ROOM), K(WARN_HOST_MEMORY),
    K(WARN_UNKNOWN_DEVICE), K(WARN_VLLM_LOW_CONCURRENCY),
    /* vram_gpu_key */
    K(GPU_NAME), K(GPU_ALIASES), K(GPU_VENDOR), K(GPU_ARCHITECTURE), K(GPU_SOURCE),
    K(GPU_PRICE_DATE), K(GPU_MEMORY_BYTES), K(GPU_CUDA_CONTEXT_BYTES), K(GPU_USABLE_BYTES),
    K(GPU_BANDWIDTH), K(GPU_TFLOPS_FP16), K(GPU_TFLOPS_BF16), K(GPU_TFLOPS_FP8),
    K(GPU_PRICE_PER_HOUR),
    K(GROUP_PER_CHANNEL),
};

#undef K

#define N_CONSTANTS (sizeof constants / sizeof constants[0])

/* The constant PREFIX + upper-cased name, e.g. "PART_" + "kv_cache". */
static int find_constant(const char *prefix, const char *name, lua_Integer *out)
{
    char full[96];
    size_t np = strlen(prefix), nn = strlen(name);
    if (np + nn >= sizeof full)
        return 0;
    memcpy(full, prefix, np);
    for (size_t i = 0; i < nn; i++) {
        char ch = name[i];
        full[np + i] = (ch >= 'a' && ch <= 'z') ? (char)(ch - 'a' + 'A') : ch; /* ASCII, no locale */
    }
    full[np + nn] = '\0';
    for (size_t i = 0; i < N_CONSTANTS; i++) {
        if (strcmp(constants[i].name, full) == 0) {
            *out = constants[i].value;
            return 1;
        }
    }
    return 0;
}

/* An enum argument: an integer, or a name looked up under prefix. */
static int check_enum(lua_State *L, int arg, const char *prefix, const char *what)
{
    lua_Integer v;
    if (lua_type(L, arg) == LUA_TSTRING) {
        const char *name = lua_tostring(L, arg);
        if (!find_constant(prefix, name, &v))
            return luaL_argerror(L, arg, lua_pushfstring(L, "unknown %s '%s'", what, name));
    } else {
        v = luaL_checkinteger(L, arg);
    }
    luaL_argcheck(L, v >= 0 && v <= INT_MAX, arg, "out of range");
    return (int)v;
}

/* ---------------------------------------------------------------- values */

/* nil, message, status name: read vram_last_error() before any other call. */
static int push_fail(lua_State *L, vram_status st)
{
    const char *msg = vram_last_error();
    luaL_pushfail(L);
    lua_pushstring(L, msg[0] ? msg : vram_strerror(st));
    lua_pushstring(L, vram_status_name(st));
    return 3;
}

static void push_u64(lua_State *L, uint64_t v)
{
    if (v > (uint64_t)LUA_MAXINTEGER) {
        char num[24];
        snprintf(num, sizeof num, "%llu", (unsigned long long)v);
        luaL_error(L, "vramest: %s does not fit a Lua integer", num);
    }
    lua_pushinteger(L, (lua_Integer)v);
}

/* A uint64_t argument: a non-negative integer (or a float with an exact
 * integer value), or a boolean as 0/1. */
static uint64_t check_u64(lua_State *L, int arg)
{
    if (lua_type(L, arg) == LUA_TBOOLEAN)
        return (uint64_t)lua_toboolean(L, arg);
    lua_Integer v = luaL_checkinteger(L, arg);
    luaL_argcheck(L, v >= 0, arg, "must not be negative");
    return (uint64_t)v;
}

static uint32_t check_u32(lua_State *L, int arg)
{
    lua_Integer v = luaL_checkinteger(L, arg);
    luaL_argcheck(L, v >= 0 && (uint64_t)v <= UINT32_MAX, arg, "out of range");
    return (uint32_t)v;
}

/* A setter's value: number, boolean or string (strings go to *_set_str). */
static int check_value(lua_State *L, int arg)
{
    int t = lua_type(L, arg);
    luaL_argexpected(L, t == LUA_TNUMBER || t == LUA_TSTRING || t == LUA_TBOOLEAN, arg,
                     "number, boolean or string");
    return t;
}

/* --------------------------------------------------------------- handles */

static lmodel *new_model(lua_State *L)
{
    lmodel *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->p = NULL; /* closed until created */
    luaL_setmetatable(L, MODEL_MT);
    return u;
}

static lconfig *new_config(lua_State *L)
{
    lconfig *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->p = NULL;
    luaL_setmetatable(L, CONFIG_MT);
    return u;
}

static lresult *new_result(lua_State *L)
{
    lresult *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->p = NULL;
    luaL_setmetatable(L, RESULT_MT);
    return u;
}

static vram_model *check_model(lua_State *L, int arg)
{
    lmodel *u = luaL_checkudata(L, arg, MODEL_MT);
    if (!u->p)
        luaL_error(L, "attempt to use a closed model");
    return u->p;
}

static vram_config *check_config(lua_State *L, int arg)
{
    lconfig *u = luaL_checkudata(L, arg, CONFIG_MT);
    if (!u->p)
        luaL_error(L, "attempt to use a closed config");
    return u->p;
}

static vram_result *check_result(lua_State *L, int arg)
{
    lresult *u = luaL_checkudata(L, arg, RESULT_MT);
    if (!u->p)
        luaL_error(L, "attempt to use a closed result");
    return u->p;
}

/* __gc, __close and :close(): free the C object once, then mark closed. */
static int model_close(lua_State *L)
{
    lmodel *u = luaL_checkudata(L, 1, MODEL_MT);
    vram_model_destroy(u->p);
    u->p = NULL;
    return 0;
}

static int config_close(lua_State *L)
{
    lconfig *u = luaL_checkudata(L, 1, CONFIG_MT);
    vram_config_destroy(u->p);
    u->p = NULL;
    return 0;
}

static int result_close(lua_State *L)
{
    lresult *u = luaL_checkudata(L, 1, RESULT_MT);
    vram_result_destroy(u->p);
    u->p = NULL;
    return 0;
}

static int handle_tostring(lua_State *L, const char *kind, const void *p)
{
    if (p)
        lua_pushfstring(L, "vramest.%s (%p)", kind, p);
    else
        lua_pushfstring(L, "vramest.%s (closed)", kind);
    return 1;
}

static int model_tostring(lua_State *L)
{
    return handle_tostring(L, "model", ((lmodel *)luaL_checkudata(L, 1, MODEL_MT))->p);
}

static int config_tostring(lua_State *L)
{
    return handle_tostring(L, "config", ((lconfig *)luaL_checkudata(L, 1, CONFIG_MT))->p);
}

static int result_tostring(lua_State *L)
{
    return handle_tostring(L, "result", ((lresult *)luaL_checkudata(L, 1, RESULT_MT))->p);
}

/* vramest.type(x): "model", "closed model", "config", ... or fail, as io.type. */
static int l_type(lua_State *L)
{
    const lmodel *m;
    const lconfig *c;
    const lresult *r;
    luaL_checkany(L, 1);
    if ((m = luaL_testudata(L, 1, MODEL_MT)) != NULL)
        lua_pushstring(L, m->p ? "model" : "closed model");
    else if ((c = luaL_testudata(L, 1, CONFIG_MT)) != NULL)
        lua_pushstring(L, c->p ? "config" : "closed config");
    else if ((r = luaL_testudata(L, 1, RESULT_MT)) != NULL)
        lua_pushstring(L, r->p ? "result" : "closed result");
    else
        luaL_pushfail(L);
    return 1;
}

/* ----------------------------------------------------------------- model */

static vram_status model_key(lua_State *L, int arg, vram_model_key *out)
{
    if (lua_type(L, arg) == LUA_TSTRING)
        return vram_model_key_from_name(lua_tostring(L, arg), out);
    lua_Integer k = luaL_checkinteger(L, arg);
    luaL_argcheck(L, k >= 0 && k <= INT_MAX, arg, "out of range");
    *out = (vram_model_key)k;
    return VRAM_OK;
}

/* Set key (at karg) to the value at varg: strings by name, the rest as u64. */
static vram_status model_set(lua_State *L, vram_model *m, int karg, int varg)
{
    int t = check_value(L, varg);
    uint64_t v = t == LUA_TSTRING ? 0 : check_u64(L, varg);
    vram_model_key k;
    vram_status st = model_key(L, karg, &k);
    if (st != VRAM_OK)
        return st;
    return t == LUA_TSTRING ? vram_model_set_str(m, k, lua_tostring(L, varg))
                            : vram_model_set_u64(m, k, v);
}

/* vramest.model([{key = value, name = "..."}]) */
static int l_model(lua_State *L)
{
    int has_table = !lua_isnoneornil(L, 1);
    if (has_table)
        luaL_checktype(L, 1, LUA_TTABLE);
    lmodel *u = new_model(L);
    vram_status st = vram_model_create(&u->p);
    if (st != VRAM_OK)
        return push_fail(L, st);
    if (has_table) {
        lua_pushnil(L);
        while (lua_next(L, 1)) {
            int top = lua_gettop(L);
            luaL_argexpected(L, lua_type(L, top - 1) == LUA_TSTRING, 1, "table with string keys");
            if (strcmp(lua_tostring(L, top - 1), "name") == 0)
                st = vram_model_set_name(u->p, luaL_checkstring(L, top));
            else
                st = model_set(L, u->p, top - 1, top);
            if (st != VRAM_OK) {
                int n = push_fail(L, st);
                vram_model_destroy(u->p);
                u->p = NULL;
                return n;
            }
            lua_pop(L, 1);
        }
    }
    return 1;
}

/* A constructor's answer: the new handle on top, or fail. */
static int created(lua_State *L, vram_status st)
{
    return st == VRAM_OK ? 1 : push_fail(L, st);
}

static int l_model_from_gguf_file(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    lmodel *u = new_model(L);
    return created(L, vram_model_from_gguf_file(path, &u->p));
}

static int l_model_from_gguf_buffer(lua_State *L)
{
    size_t len;
    const char *data = luaL_checklstring(L, 1, &len);
    lmodel *u = new_model(L);
    return created(L, vram_model_from_gguf_buffer(data, len, &u->p));
}

/* vramest.model_from_preset(name): Hugging Face id or alias */
static int l_model_from_preset(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    lmodel *u = new_model(L);
    return created(L, vram_model_from_preset(name, &u->p));
}

/* vramest.model_from_hf_config(text): a config.json document */
static int l_model_from_hf_config(lua_State *L)
{
    size_t len;
    const char *json = luaL_checklstring(L, 1, &len);
    lmodel *u = new_model(L);
    return created(L, vram_model_from_hf_config(json, len, &u->p));
}

static int l_model_from_hf_config_file(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    lmodel *u = new_model(L);
    return created(L, vram_model_from_hf_config_file(path, &u->p));
}

static int l_model_from_safetensors_file(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    lmodel *u = new_model(L);
    return created(L, vram_model_from_safetensors_file(path, &u->p));
}

static int l_model_from_safetensors_buffer(lua_State *L)
{
    size_t len;
    const char *data = luaL_checklstring(L, 1, &len);
    lmodel *u = new_model(L);
    return created(L, vram_model_from_safetensors_buffer(data, len, &u->p));
}

/* vramest.model_from_param_count(params): a number such as 7e9 */
static int l_model_from_param_count(lua_State *L)
{
    double params = (double)luaL_checknumber(L, 1);
    lmodel *u = new_model(L);
    return created(L, vram_model_from_param_count(params, &u->p));
}

static int m_set(lua_State *L)
{
    vram_status st = model_set(L, check_model(L, 1), 2, 3);
    if (st != VRAM_OK)
        return push_fail(L, st);
    lua_settop(L, 1);
    return 1;
}

static int m_get(lua_State *L)
{
    const vram_model *m = check_model(L, 1);
    vram_model_key k;
    uint64_t v;
    vram_status st = model_key(L, 2, &k);
    if (st == VRAM_OK)
        st = vram_model_get_u64(m, k, &v);
    if (st != VRAM_OK)
        return push_fail(L, st);
    push_u64(L, v);
    return 1;
}

static vram_layer_key check_layer_key(lua_State *L, int arg)
{
    static const char *const names[] = {"attention", "mlp", NULL};
    if (lua_type(L, arg) == LUA_TSTRING)
        return luaL_checkoption(L, arg, NULL, names) == 0 ? VRAM_LAYER_ATTENTION : VRAM_LAYER_MLP;
    lua_Integer k = luaL_checkinteger(L, arg);
    luaL_argcheck(L, k >= 0 && k <= INT_MAX, arg, "out of range");
    return (vram_layer_key)k;
}

static int m_set_layer(lua_State *L)
{
    vram_model *m = check_model(L, 1);
    uint32_t layer = check_u32(L, 2);
    vram_layer_key k = check_layer_key(L, 3);
    uint64_t v = check_u64(L, 4);
    vram_status st = vram_model_set_layer_u64(m, layer, k, v);
    if (st != VRAM_OK)
        return push_fail(L, st);
    lua_settop(L, 1);
    return 1;
}

static int m_get_layer(lua_State *L)
{
    const vram_model *m = check_model(L, 1);
    uint32_t layer = check_u32(L, 2);
    vram_layer_key k = check_layer_key(L, 3);
    uint64_t v;
    vram_status st = vram_model_get_layer_u64(m, layer, k, &v);
    if (st != VRAM_OK)
        return push_fail(L, st);
    push_u64(L, v);
    return 1;
}

static int m_name(lua_State *L)
{
    lua_pushstring(L, vram_model_name(check_model(L, 1)));
    return 1;
}

static int m_set_name(lua_State *L)
{
    vram_model *m = check_model(L, 1);
    vram_status st = vram_model_set_name(m, luaL_checkstring(L, 2));
    if (st != VRAM_OK)
        return push_fail(L, st);
    lua_settop(L, 1);
    return 1;
}

static int m_validate(lua_State *L)
{
    vram_status st = vram_model_validate(check_model(L, 1));
    if (st != VRAM_OK)
        return push_fail(L, st);
    lua_pushboolean(L, 1);
    return 1;
}

static int m_clone(lua_State *L)
{
    const vram_model *m = check_model(L, 1);
    lmodel *u = new_model(L);
    return created(L, vram_model_clone(m, &u->p));
}

/* ---------------------------------------------------------------- config */

static vram_status config_key(lua_State *L, int arg, vram_config_key *out)
{
    if (lua_type(L, arg) == LUA_TSTRING)
        return vram_config_key_from_name(lua_tostring(L, arg), out);
    lua_Integer k = luaL_checkinteger(L, arg);
    luaL_argcheck(L, k >= 0 && k <= INT_MAX, arg, "out of range");
    *out = (vram_config_key)k;
    return VRAM_OK;
}

/* Strings by name (vram_config_set_str); numbers by the key's type. */
static vram_status config_set(lua_State *L, vram_config *c, int karg, int varg)
{
    int t = check_value(L, varg);
    vram_config_key k;
    vram_status st = config_key(L, karg, &k);
    if (st != VRAM_OK)
        return st;
    if (t == LUA_TSTRING)
        return vram_config_set_str(c, k, lua_tostring(L, varg));
    vram_value_type type;
    st = vram_config_key_bounds(k, &type, NULL, NULL);
    if (st != VRAM_OK)
        return st;
    if (type == VRAM_TYPE_F64)
        return vram_config_set_f64(c, k, (double)luaL_checknumber(L, varg));
    return vram_config_set_u64(c, k, check_u64(L, varg));
}

/* vramest.config([{key = value}]) */
static int l_config(lua_State *L)
{
    int has_table = !lua_isnoneornil(L, 1);
    if (has_table)
        luaL_checktype(L, 1, LUA_TTABLE);
    lconfig *u = new_config(L);
    vram_status st = vram_config_create(&u->p);
    if (st != VRAM_OK)
        return push_fail(L, st);
    if (has_table) {
        lua_pushnil(L);
        while (lua_next(L, 1)) {
            int top = lua_gettop(L);
            luaL_argexpected(L, lua_type(L, top - 1) == LUA_TSTRING, 1, "table with string keys");
            st = config_set(L, u->p, top - 1, top);
            if (st != VRAM_OK) {
                int n = push_fail(L, st);
                vram_config_destroy(u->p);
                u->p = NULL;
                return n;
            }
            lua_pop(L, 1);
        }
    }
    return 1;
}

static int c_set(lua_State *L)
{
    vram_status st = config_set(L, check_config(L, 1), 2, 3);
    if (st != VRAM_OK)
        return push_fail(L, st);
    lua_settop(L, 1);
    return 1;
}

static int c_get(lua_State *L)
{
    const vram_config *c = check_config(L, 1);
    vram_config_key k;
    vram_value_type type;
    vram_status st = config_key(L, 2, &k);
    if (st == VRAM_OK)
        st = vram_config_key_bounds(k, &type, NULL, NULL);
    if (st == VRAM_OK && type == VRAM_TYPE_F64) {
        double d;
        st = vram_config_get_f64(c, k, &d);
        if (st == VRAM_OK) {
            lua_pushnumber(L, (lua_Number)d);
            return 1;
        }
    } else if (st == VRAM_OK) {
        uint64_t v;
        st = vram_config_get_u64(c, k, &v);
        if (st == VRAM_OK) {
            push_u64(L, v);
            return 1;
        }
    }
    return push_fail(L, st);
}

static int c_unset(lua_State *L)
{
    vram_config *c = check_config(L, 1);
    vram_config_key k;
    vram_status st = config_key(L, 2, &k);
    if (st == VRAM_OK)
        st = vram_config_unset(c, k);
    if (st != VRAM_OK)
        return push_fail(L, st);
    lua_settop(L, 1);
    return 1;
}

static int c_is_set(lua_State *L)
{
    const vram_config *c = check_config(L, 1);
    vram_config_key k;
    int is_set = 0;
    vram_status st = config_key(L, 2, &k);
    if (st == VRAM_OK)
        st = vram_config_is_set(c, k, &is_set);
    if (st != VRAM_OK)
        return push_fail(L, st);
    lua_pushboolean(L, is_set);
    return 1;
}

static int c_clone(lua_State *L)
{
    const vram_config *c = check_config(L, 1);
    lconfig *u = new_config(L);
    return created(L, vram_config_clone(c, &u->p));
}

/* vramest.config_key_bounds(key) -> type, min, max */
static int l_config_key_bounds(lua_State *L)
{
    vram_config_key k;
    vram_value_type type;
    double lo, hi;
    vram_status st = config_key(L, 1, &k);
    if (st == VRAM_OK)
        st = vram_config_key_bounds(k, &type, &lo, &hi);
    if (st != VRAM_OK)
        return push_fail(L, st);
    lua_pushinteger(L, (lua_Integer)type);
    lua_pushnumber(L, (lua_Number)lo);
    lua_pushnumber(L, (lua_Number)hi);
    return 3;
}

/* ---------------------------------------------------------------- result */

static int l_result(lua_State *L)
{
    lresult *u = new_result(L);
    return created(L, vram_result_create(&u->p));
}

static vram_part opt_part(lua_State *L, int arg)
{
    if (lua_isnoneornil(L, arg))
        return VRAM_PART_TOTAL;
    return (vram_part)check_enum(L, arg, "PART_", "part");
}

/* r:bytes([part [, device]]) */
static int r_bytes(lua_State *L)
{
    const vram_result *r = check_result(L, 1);
    vram_part part = opt_part(L, 2);
    uint32_t device = lua_isnoneornil(L, 3) ? 0 : check_u32(L, 3);
    uint64_t v;
    vram_status st = vram_result_bytes(r, device, part, &v);
    if (st != VRAM_OK)
        return push_fail(L, st);
    push_u64(L, v);
    return 1;
}

/* r:band([part [, device]]) -> lo, hi */
static int r_band(lua_State *L)
{
    const vram_result *r = check_result(L, 1);
    vram_part part = opt_part(L, 2);
    uint32_t device = lua_isnoneornil(L, 3) ? 0 : check_u32(L, 3);
    uint64_t lo, hi;
    vram_status st = vram_result_band(r, device, part, &lo, &hi);
    if (st != VRAM_OK)
        return push_fail(L, st);
    push_u64(L, lo);
    push_u64(L, hi);
    return 2;
}

static int r_kind(lua_State *L)
{
    const vram_result *r = check_result(L, 1);
    vram_part part = (vram_part)check_enum(L, 2, "PART_", "part");
    vram_kind kind;
    vram_status st = vram_result_kind(r, part, &kind);
    if (st != VRAM_OK)
        return push_fail(L, st);
    lua_pushinteger(L, (lua_Integer)kind);
    return 1;
}

/* r:get(key): an integer, or a float for the f64 keys. */
static int r_get(lua_State *L)
{
    const vram_result *r = check_result(L, 1);
    vram_result_key k = (vram_result_key)check_enum(L, 2, "RES_", "result key");
    uint64_t v;
    vram_status st = vram_result_get_u64(r, k, &v);
    if (st == VRAM_OK) {
        push_u64(L, v);
        return 1;
    }
    if (st == VRAM_E_TYPE) {
        double d;
        st = vram_result_get_f64(r, k, &d);
        if (st == VRAM_OK) {
            lua_pushnumber(L, (lua_Number)d);
            return 1;
        }
    }
    return push_fail(L, st);
}

static int r_to_json(lua_State *L)
{
    const vram_result *r = check_result(L, 1);
    size_t needed = 0;
    vram_status st = vram_result_to_json(r, NULL, 0, &needed);
    if (st == VRAM_E_BUFFER_TOO_SMALL) {
        char *buf = lua_newuserdatauv(L, needed, 0); /* collected with the rest */
        size_t cap = needed;
        st = vram_result_to_json(r, buf, cap, &needed);
        if (st == VRAM_OK) {
            lua_pushlstring(L, buf, needed - 1);
            return 1;
        }
    }
    return push_fail(L, st);
}

/* ------------------------------------------------------------- estimates */

typedef vram_status (*estimate_fn)(const vram_model *, const vram_config *, vram_result *);

/* The result at arg, or a new one; left on top of the stack. */
static lresult *result_arg(lua_State *L, int arg, int *fresh, vram_status *st)
{
    *st = VRAM_OK;
    *fresh = lua_isnoneornil(L, arg);
    if (!*fresh) {
        check_result(L, arg);
        lua_pushvalue(L, arg);
        return lua_touserdata(L, -1);
    }
    lresult *u = new_result(L);
    *st = vram_result_create(&u->p);
    return u;
}

static int finish_estimate(lua_State *L, lresult *u, int fresh, vram_status st)
{
    if (st == VRAM_OK)
        return 1; /* the result, on top */
    int n = push_fail(L, st);
    if (fresh) {
        vram_result_destroy(u->p);
        u->p = NULL;
    }
    return n;
}

static int do_estimate(lua_State *L, estimate_fn fn)
{
    const vram_model *m = check_model(L, 1);
    const vram_config *c = check_config(L, 2);
    int fresh;
    vram_status st;
    lresult *u = result_arg(L, 3, &fresh, &st);
    if (st == VRAM_OK)
        st = fn(m, c, u->p);
    return finish_estimate(L, u, fresh, st);
}

static int l_estimate_inference(lua_State *L) { return do_estimate(L, vram_estimate_inference); }
static int l_estimate_full_ft(lua_State *L) { return do_estimate(L, vram_estimate_full_ft); }
static int l_estimate_lora(lua_State *L) { return do_estimate(L, vram_estimate_lora); }
static int l_estimate_qlora(lua_State *L) { return do_estimate(L, vram_estimate_qlora); }

static vram_mode check_mode(lua_State *L, int arg)
{
    return (vram_mode)check_enum(L, arg, "MODE_", "mode");
}

/* vramest.estimate(model, config, mode [, result]) */
static int l_estimate(lua_State *L)
{
    const vram_model *m = check_model(L, 1);
    const vram_config *c = check_config(L, 2);
    vram_mode mode = check_mode(L, 3);
    int fresh;
    vram_status st;
    lresult *u = result_arg(L, 4, &fresh, &st);
    if (st == VRAM_OK)
        st = vram_estimate(m, c, mode, u->p);
    return finish_estimate(L, u, fresh, st);
}

/* --------------------------------------------------------------- solvers */

static int l_solve_max_batch(lua_State *L)
{
    const vram_model *m = check_model(L, 1);
    const vram_config *c = check_config(L, 2);
    vram_mode mode = check_mode(L, 3);
    uint64_t budget = check_u64(L, 4), out;
    vram_status st = vram_solve_max_batch(m, c, mode, budget, &out);
    if (st != VRAM_OK)
        return push_fail(L, st);
    push_u64(L, out);
    return 1;
}

static int l_solve_max_seq_len(lua_State *L)
{
    const vram_model *m = check_model(L, 1);
    const vram_config *c = check_config(L, 2);
    vram_mode mode = check_mode(L, 3);
    uint64_t budget = check_u64(L, 4), out;
    vram_status st = vram_solve_max_seq_len(m, c, mode, budget, &out);
    if (st != VRAM_OK)
        return push_fail(L, st);
    push_u64(L, out);
    return 1;
}

/* vramest.solve_min_gpus(model, config, mode, device_bytes [, max_devices]) -> tp, pp, devices */
static int l_solve_min_gpus(lua_State *L)
{
    const vram_model *m = check_model(L, 1);
    const vram_config *c = check_config(L, 2);
    vram_mode mode = check_mode(L, 3);
    uint64_t device_bytes = check_u64(L, 4);
    uint64_t max_devices = lua_isnoneornil(L, 5) ? 65536 : check_u64(L, 5);
    uint64_t tp, pp, n;
    vram_status st = vram_solve_min_gpus(m, c, mode, device_bytes, max_devices, &tp, &pp, &n);
    if (st != VRAM_OK)
        return push_fail(L, st);
    push_u64(L, tp);
    push_u64(L, pp);
    push_u64(L, n);
    return 3;
}

/* vramest.solve_best_quant(model, config, budget) -> quant, bits (gguf: the ftype) */
static int l_solve_best_quant(lua_State *L)
{
    const vram_model *m = check_model(L, 1);
    const vram_config *c = check_config(L, 2);
    uint64_t budget = check_u64(L, 3), bits;
    vram_quant q;
    vram_status st = vram_solve_best_quant(m, c, budget, &q, &bits);
    if (st != VRAM_OK)
        return push_fail(L, st);
    lua_pushinteger(L, (lua_Integer)q);
    push_u64(L, bits);
    return 2;
}

static int l_solve_needs_checkpointing(lua_State *L)
{
    const vram_model *m = check_model(L, 1);
    const vram_config *c = check_config(L, 2);
    vram_mode mode = check_mode(L, 3);
    uint64_t budget = check_u64(L, 4);
    int needed;
    vram_status st = vram_solve_needs_checkpointing(m, c, mode, budget, &needed);
    if (st != VRAM_OK)
        return push_fail(L, st);
    lua_pushboolean(L, needed);
    return 1;
}

/* ----------------------------------------------------------- GPU catalog */

/* The fields of a GPU table, as vramest.h documents each vram_gpu_key:
 * 's' string, 'l' comma-separated list, 'u' integer, 'f' float. */
static const struct {
    vram_gpu_key key;
    const char *field;
    char type;
} gpu_fields[] = {
    {VRAM_GPU_NAME, "name", 's'},
    {VRAM_GPU_ALIASES, "aliases", 'l'},
    {VRAM_GPU_VENDOR, "vendor", 's'},
    {VRAM_GPU_ARCHITECTURE, "architecture", 's'},
    {VRAM_GPU_SOURCE, "source", 's'},
    {VRAM_GPU_PRICE_DATE, "price_date", 's'},
    {VRAM_GPU_MEMORY_BYTES, "memory_bytes", 'u'},
    {VRAM_GPU_CUDA_CONTEXT_BYTES, "cuda_context_bytes", 'u'},
    {VRAM_GPU_USABLE_BYTES, "usable_bytes", 'u'},
    {VRAM_GPU_BANDWIDTH, "bandwidth_gbps", 'f'},
    {VRAM_GPU_TFLOPS_FP16, "tflops_fp16", 'f'},
    {VRAM_GPU_TFLOPS_BF16, "tflops_bf16", 'f'},
    {VRAM_GPU_TFLOPS_FP8, "tflops_fp8", 'f'},
    {VRAM_GPU_PRICE_PER_HOUR, "price_per_hour", 'f'},
};

/* "a, b,c" -> {"a", "b", "c"} */
static void push_list(lua_State *L, const char *s)
{
    lua_Integer n = 0;
    lua_newtable(L);
    while (*s) {
        while (*s == ' ' || *s == ',')
            s++;
        size_t len = strcspn(s, ",");
        size_t end = len;
        while (end > 0 && s[end - 1] == ' ')
            end--;
        if (end > 0) {
            lua_pushlstring(L, s, end);
            lua_rawseti(L, -2, ++n);
        }
        s += len;
    }
}

/* Push the table of catalog entry i; on failure push the fail triple. */
static int push_gpu(lua_State *L, uint32_t i)
{
    lua_createtable(L, 0, (int)(sizeof gpu_fields / sizeof gpu_fields[0]) + 1);
    lua_pushinteger(L, (lua_Integer)i);
    lua_setfield(L, -2, "index");
    for (size_t f = 0; f < sizeof gpu_fields / sizeof gpu_fields[0]; f++) {
        vram_status st;
        const char *s;
        uint64_t u;
        double d;
        switch (gpu_fields[f].type) {
        case 's':
        case 'l':
            st = vram_gpu_get_str(i, gpu_fields[f].key, &s);
            if (st == VRAM_OK) {
                if (gpu_fields[f].type == 'l')
                    push_list(L, s);
                else
                    lua_pushstring(L, s);
            }
            break;
        case 'u':
            st = vram_gpu_get_u64(i, gpu_fields[f].key, &u);
            if (st == VRAM_OK)
                push_u64(L, u);
            break;
        default:
            st = vram_gpu_get_f64(i, gpu_fields[f].key, &d);
            if (st == VRAM_OK)
                lua_pushnumber(L, (lua_Number)d);
            break;
        }
        if (st != VRAM_OK) {
            int n = push_fail(L, st);
            lua_remove(L, -n - 1); /* the partial table */
            return n;
        }
        lua_setfield(L, -2, gpu_fields[f].field);
    }
    return 1;
}

/* vramest.gpu(index): catalog entry index (0-based, as in C) */
static int l_gpu(lua_State *L)
{
    return push_gpu(L, check_u32(L, 1));
}

static int l_gpus(lua_State *L)
{
    uint32_t n = vram_gpu_count();
    lua_createtable(L, (int)n, 0);
    for (uint32_t i = 0; i < n; i++) {
        int k = push_gpu(L, i);
        if (k != 1)
            return k;
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

static int l_gpu_find(lua_State *L)
{
    uint32_t i;
    vram_status st = vram_gpu_find(luaL_checkstring(L, 1), &i);
    if (st != VRAM_OK)
        return push_fail(L, st);
    return push_gpu(L, i);
}

/* ------------------------------------------------------ model catalog */

static int l_preset_count(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)vram_preset_count());
    return 1;
}

/* The catalog index at arg (0-based, as in C), or the fail triple pushed
 * (*nret set) when it is out of range: vram_preset_id() has no status. */
static int check_preset_index(lua_State *L, int arg, uint32_t *out, int *nret)
{
    uint32_t i = check_u32(L, arg), n = vram_preset_count();
    *out = i;
    if (i < n)
        return 1;
    luaL_pushfail(L);
    lua_pushfstring(L, "preset index %I is out of range (the catalog has %I entries, from 0)",
                    (lua_Integer)i, (lua_Integer)n);
    lua_pushstring(L, vram_status_name(VRAM_E_RANGE));
    *nret = 3;
    return 0;
}

/* vramest.preset_id(index) -> the Hugging Face id */
static int l_preset_id(lua_State *L)
{
    uint32_t i;
    int n;
    if (!check_preset_index(L, 1, &i, &n))
        return n;
    lua_pushstring(L, vram_preset_id(i));
    return 1;
}

/* vramest.preset_aliases(index) -> an array of aliases (possibly empty) */
static int l_preset_aliases(lua_State *L)
{
    uint32_t i;
    int n;
    if (!check_preset_index(L, 1, &i, &n))
        return n;
    const char *aliases = vram_preset_aliases(i);
    push_list(L, aliases ? aliases : "");
    return 1;
}

/* vramest.presets() -> {{index = 0, id = "...", aliases = {...}}, ...} */
static int l_presets(lua_State *L)
{
    uint32_t n = vram_preset_count();
    lua_createtable(L, (int)n, 0);
    for (uint32_t i = 0; i < n; i++) {
        const char *id = vram_preset_id(i), *aliases = vram_preset_aliases(i);
        lua_createtable(L, 0, 3);
        lua_pushinteger(L, (lua_Integer)i);
        lua_setfield(L, -2, "index");
        lua_pushstring(L, id ? id : "");
        lua_setfield(L, -2, "id");
        push_list(L, aliases ? aliases : "");
        lua_setfield(L, -2, "aliases");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* ------------------------------------------------------------- JSON API */

/* vramest.api_call(request) -> response, status name
 *
 * The response is the library's JSON text, a success object or an error
 * object alike; the second value says which ("VRAM_OK", "VRAM_E_RANGE"...).
 * Only a broken buffer protocol returns fail, message, code. */
static int l_api_call(lua_State *L)
{
    size_t len, needed = 0;
    const char *request = luaL_checklstring(L, 1, &len);
    vram_status st = vram_api_call(request, len, NULL, 0, &needed);
    if (st == VRAM_E_BUFFER_TOO_SMALL && needed > 0) {
        char *buf = lua_newuserdatauv(L, needed, 0); /* collected with the rest */
        size_t cap = needed;
        st = vram_api_call(request, len, buf, cap, &needed);
        if (st != VRAM_E_BUFFER_TOO_SMALL && needed > 0 && needed <= cap) {
            lua_pushlstring(L, buf, needed - 1);
            lua_pushstring(L, vram_status_name(st));
            return 2;
        }
    }
    return push_fail(L, st);
}

/* ----------------------------------------------------------- misc, module */

static int l_strerror(lua_State *L)
{
    lua_pushstring(L, vram_strerror((vram_status)luaL_checkinteger(L, 1)));
    return 1;
}

static int l_status_name(lua_State *L)
{
    lua_pushstring(L, vram_status_name((vram_status)luaL_checkinteger(L, 1)));
    return 1;
}

static int l_warning_text(lua_State *L)
{
    lua_Integer w = luaL_checkinteger(L, 1);
    luaL_argcheck(L, w > 0 && w <= INT_MAX, 1, "not a warning bit");
    const char *text = vram_warning_text((vram_warning)w);
    if (!text)
        return luaL_argerror(L, 1, "not a warning bit");
    lua_pushstring(L, text);
    return 1;
}

static int l_version_number(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)vram_version_number());
    return 1;
}

static const luaL_Reg model_methods[] = {
    {"set", m_set},
    {"get", m_get},
    {"set_layer", m_set_layer},
    {"get_layer", m_get_layer},
    {"name", m_name},
    {"set_name", m_set_name},
    {"validate", m_validate},
    {"clone", m_clone},
    {"close", model_close},
    {NULL, NULL},
};

static const luaL_Reg config_methods[] = {
    {"set", c_set},
    {"get", c_get},
    {"unset", c_unset},
    {"is_set", c_is_set},
    {"clone", c_clone},
    {"close", config_close},
    {NULL, NULL},
};

static const luaL_Reg result_methods[] = {
    {"bytes", r_bytes},
    {"band", r_band},
    {"kind", r_kind},
    {"get", r_get},
    {"to_json", r_to_json},
    {"close", result_close},
    {NULL, NULL},
};

static const luaL_Reg functions[] = {
    {"model", l_model},
    {"model_from_gguf_file", l_model_from_gguf_file},
    {"model_from_gguf_buffer", l_model_from_gguf_buffer},
    {"model_from_preset", l_model_from_preset},
    {"model_from_hf_config", l_model_from_hf_config},
    {"model_from_hf_config_file", l_model_from_hf_config_file},
    {"model_from_safetensors_file", l_model_from_safetensors_file},
    {"model_from_safetensors_buffer", l_model_from_safetensors_buffer},
    {"model_from_param_count", l_model_from_param_count},
    {"config", l_config},
    {"config_key_bounds", l_config_key_bounds},
    {"result", l_result},
    {"type", l_type},
    {"estimate", l_estimate},
    {"estimate_inference", l_estimate_inference},
    {"estimate_full_ft", l_estimate_full_ft},
    {"estimate_lora", l_estimate_lora},
    {"estimate_qlora", l_estimate_qlora},
    {"solve_max_batch", l_solve_max_batch},
    {"solve_max_seq_len", l_solve_max_seq_len},
    {"solve_min_gpus", l_solve_min_gpus},
    {"solve_best_quant", l_solve_best_quant},
    {"solve_needs_checkpointing", l_solve_needs_checkpointing},
    {"gpus", l_gpus},
    {"gpu", l_gpu},
    {"gpu_find", l_gpu_find},
    {"presets", l_presets},
    {"preset_count", l_preset_count},
    {"preset_id", l_preset_id},
    {"preset_aliases", l_preset_aliases},
    {"api_call", l_api_call},
    {"strerror", l_strerror},
    {"status_name", l_status_name},
    {"warning_text", l_warning_text},
    {"version_number", l_version_number},
    {NULL, NULL},
};

static void new_class(lua_State *L, const char *name, const luaL_Reg *methods,
                      lua_CFunction closer, lua_CFunction tostring)
{
    luaL_newmetatable(L, name);
    lua_newtable(L);
    luaL_setfuncs(L, methods, 0);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, closer);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, closer);
    lua_setfield(L, -2, "__close");
    lua_pushcfunction(L, tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pop(L, 1);
}

LVRAM_EXPORT int luaopen_vramest(lua_State *L);

LVRAM_EXPORT int luaopen_vramest(lua_State *L)
{
    new_class(L, MODEL_MT, model_methods, model_close, model_tostring);
    new_class(L, CONFIG_MT, config_methods, config_close, config_tostring);
    new_class(L, RESULT_MT, result_methods, result_close, result_tostring);
    luaL_newlib(L, functions);
    for (size_t i = 0; i < N_CONSTANTS; i++) {
        lua_pushinteger(L, constants[i].value);
        lua_setfield(L, -2, constants[i].name);
    }
    lua_pushstring(L, vram_version_string());
    lua_setfield(L, -2, "_VERSION");
    return 1;
}
