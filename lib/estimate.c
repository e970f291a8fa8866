/*
 * estimate.c - the four entry points of the design card: resolve every
 * "auto" of the config against the model once, check the combination, and
 * hand over to the engine (engines.c) or the training model (training.c).
 *
 * Nothing here allocates, parses or touches a global: a scheduler may call
 * these from many threads on shared const handles.
 */
#include "vram_private.h"

/* Devices (tp x pp x dp) of one estimate: vram_solve_min_gpus's max_devices. */
#define MAX_DEVICES 65536u

static bool is_float_dtype(uint64_t d)
{
    return d == VRAM_DTYPE_F32 || d == VRAM_DTYPE_F16 || d == VRAM_DTYPE_BF16;
}

/* Defaults of a format's parameters when neither the config nor the
 * checkpoint gives them. */
static void format_defaults(vram__format *f)
{
    switch (f->quant) {
    case VRAM_QUANT_GPTQ:
    case VRAM_QUANT_AWQ:
        if (!f->bits)
            f->bits = 4;
        if (!f->group)
            f->group = 128;
        break;
    case VRAM_QUANT_INT:
        if (!f->bits)
            f->bits = 4;
        if (!f->group)
            f->group = f->bits == 8 ? VRAM_GROUP_PER_CHANNEL : 128;
        break;
    case VRAM_QUANT_BNB_NF4:
    case VRAM_QUANT_BNB_FP4:
    case VRAM_QUANT_MXFP4:
        f->bits = 4;
        break;
    case VRAM_QUANT_BNB_INT8:
    case VRAM_QUANT_FP8:
        f->bits = 8;
        break;
    default:
        break;
    }
}

#define CFG(slot) (c->u[slot])
#define CFGSET(slot) vram__cfg_isset(c, slot)

vram_status vram__work_resolve(const vram_model *m, const vram_config *c, vram_mode mode,
                               vram__work *w)
{
    if (m->derived_status != VRAM_OK)
        return vram__fail_msg(m->derived_status, m->derived_msg);

    w->mode = mode;
    w->engine = (vram_engine)CFG(VRAM__C_ENGINE);
    w->warnings = 0;
    w->no_shortcuts = false;
    if (mode != VRAM_MODE_INFERENCE && w->engine != VRAM_ENGINE_TRANSFORMERS)
        return vram__fail(VRAM_E_UNSUPPORTED, "engine %s serves inference only; training "
                          "estimates use engine transformers",
                          vram__enum_str(&vram__enum_engine, w->engine));

    /* compute dtype: the config's, else the checkpoint's float dtype, else bf16 */
    uint64_t wd = m->v[VRAM__M_WEIGHT_DTYPE];
    w->dtype = CFG(VRAM__C_DTYPE) ? (vram_dtype)CFG(VRAM__C_DTYPE)
               : is_float_dtype(wd)  ? (vram_dtype)wd : VRAM_DTYPE_BF16;

    /* weight format: the config's, else the checkpoint's */
    vram__format *f = &w->fmt;
    bool from_model = CFG(VRAM__C_QUANT) == VRAM_QUANT_AUTO;
    f->quant = from_model ? (vram_quant)m->v[VRAM__M_QUANT] : (vram_quant)CFG(VRAM__C_QUANT);
    if (mode == VRAM_MODE_QLORA && from_model && f->quant == VRAM_QUANT_NONE)
        f->quant = VRAM_QUANT_BNB_NF4; /* QLoRA's base: NF4 (Dettmers et al. 2023) */
    f->dtype = w->dtype;
    f->bits = (uint32_t)(CFGSET(VRAM__C_QUANT_BITS) ? CFG(VRAM__C_QUANT_BITS)
                         : from_model ? m->v[VRAM__M_QUANT_BITS] : 0);
    f->group = CFGSET(VRAM__C_QUANT_GROUP) ? CFG(VRAM__C_QUANT_GROUP)
               : from_model ? m->v[VRAM__M_QUANT_GROUP] : 0;
    f->double_quant = CFGSET(VRAM__C_DOUBLE_QUANT) ? CFG(VRAM__C_DOUBLE_QUANT) != 0
                      : from_model && m->v[VRAM__M_QUANT] == f->quant ? m->v[VRAM__M_QUANT_DQ] != 0
                      : mode == VRAM_MODE_QLORA;
    f->block = from_model ? (uint32_t)m->v[VRAM__M_QUANT_BLOCK] : 0;
    f->quant_lm_head = from_model && m->v[VRAM__M_QUANT_LM_HEAD];
    f->gguf_ftype = (uint32_t)CFG(VRAM__C_GGUF_FTYPE);
    if (from_model && m->file.present && m->file.gguf_ftype != UINT32_MAX)
        f->gguf_ftype = m->file.gguf_ftype;
    format_defaults(f);

    if (mode == VRAM_MODE_FULL_FT && f->quant != VRAM_QUANT_NONE)
        return vram__fail(VRAM_E_UNSUPPORTED, "full fine-tuning trains every weight and needs "
                          "unquantized weights, got quant %s (use lora or qlora)",
                          vram__enum_str(&vram__enum_quant, f->quant));
    if (mode == VRAM_MODE_QLORA && f->quant != VRAM_QUANT_BNB_NF4 &&
        f->quant != VRAM_QUANT_BNB_FP4 && f->quant != VRAM_QUANT_GPTQ &&
        f->quant != VRAM_QUANT_AWQ && f->quant != VRAM_QUANT_INT)
        return vram__fail(VRAM_E_UNSUPPORTED, "qlora needs a 4-bit base (nf4, fp4, gptq, awq or "
                          "int), got quant %s", vram__enum_str(&vram__enum_quant, f->quant));
    if (f->quant == VRAM_QUANT_MXFP4 && m->v[VRAM__M_EXPERTS] == 0)
        return vram__fail(VRAM_E_UNSUPPORTED, "quant mxfp4 stores the routed experts of a MoE "
                          "model (gpt-oss); this model has no experts, so nothing would be "
                          "quantized (use fp8, int8, gptq, awq or nf4)");
    if (f->quant == VRAM_QUANT_GGUF && w->engine != VRAM_ENGINE_LLAMA_CPP)
        return vram__fail(VRAM_E_UNSUPPORTED, "quant gguf is served by engine llama.cpp, not %s",
                          vram__enum_str(&vram__enum_engine, w->engine));

    /* exact file bytes apply when the file's own format is used unchanged */
    w->use_file_bytes = m->file.present && from_model && CFG(VRAM__C_TP) == 1 &&
                        (!CFG(VRAM__C_DTYPE) || CFG(VRAM__C_DTYPE) == m->file.dtype) &&
                        (m->file.source == VRAM__FILE_GGUF) == (w->engine == VRAM_ENGINE_LLAMA_CPP);

    w->kv_dtype = CFG(VRAM__C_KV_DTYPE) ? (vram_dtype)CFG(VRAM__C_KV_DTYPE) : w->dtype;
    w->attn = (vram_attention)CFG(VRAM__C_ATTENTION);
    if (w->attn == VRAM_ATTN_AUTO)
        w->attn = w->engine == VRAM_ENGINE_VLLM ? VRAM_ATTN_FLASH : VRAM_ATTN_SDPA;

    w->batch = CFG(VRAM__C_BATCH);
    w->seq = CFG(VRAM__C_SEQ_LEN);
    w->prompt = CFGSET(VRAM__C_PROMPT_LEN) ? CFG(VRAM__C_PROMPT_LEN) : w->seq;
    if (w->prompt > w->seq)
        return vram__fail(VRAM_E_INCONSISTENT, "prompt_len %llu exceeds seq_len %llu",
                          (unsigned long long)w->prompt, (unsigned long long)w->seq);

    /* parallel layout */
    uint64_t L = m->v[VRAM__M_NUM_LAYERS], a = m->v[VRAM__M_HEADS], k = m->kv_heads;
    w->tp = CFG(VRAM__C_TP);
    w->pp = CFG(VRAM__C_PP);
    w->dp = CFG(VRAM__C_DP);
    w->ep = CFG(VRAM__C_EP);
    if (w->pp > L)
        return vram__fail(VRAM_E_INCONSISTENT, "pipeline_parallel_size %llu exceeds num_layers %llu",
                          (unsigned long long)w->pp, (unsigned long long)L);
    if (w->tp > 1 && a % w->tp != 0)
        return vram__fail(VRAM_E_INCONSISTENT,
                          "num_heads %llu is not divisible by tensor_parallel_size %llu",
                          (unsigned long long)a, (unsigned long long)w->tp);
    if (w->tp > 1 && !m->mla && k % w->tp != 0 && w->tp % k != 0)
        return vram__fail(VRAM_E_INCONSISTENT, "num_kv_heads %llu and tensor_parallel_size %llu: "
                          "one must divide the other", (unsigned long long)k,
                          (unsigned long long)w->tp);
    w->kv_heads_rank = k >= w->tp ? vram__div(k, w->tp) : 1;
    if (!m->mla && w->tp > k)
        w->warnings |= VRAM_WARN_KV_HEADS_REPLICATED;
    if (w->ep > 1) {
        uint64_t E = m->v[VRAM__M_EXPERTS];
        if (E == 0 || E % w->ep != 0)
            return vram__fail(VRAM_E_INCONSISTENT,
                              "expert_parallel_size %llu must divide num_experts %llu",
                              (unsigned long long)w->ep, (unsigned long long)E);
        if ((w->tp * w->dp) % w->ep != 0)
            return vram__fail(VRAM_E_INCONSISTENT, "expert_parallel_size %llu must divide "
                              "tensor_parallel_size x data_parallel_size (%llu)",
                              (unsigned long long)w->ep, (unsigned long long)(w->tp * w->dp));
    }
    /* A result lists every device (vram_result_to_json, the JSON API): the
     * bound of vram_solve_min_gpus keeps that list short enough to write. */
    uint64_t world = 0;
    if (!vram__mul3(w->tp, w->pp, w->dp, &world))
        world = UINT64_MAX;
    if (world > MAX_DEVICES)
        return vram__fail(VRAM_E_RANGE, "tp x pp x dp is %llu devices, at most %u supported",
                          (unsigned long long)world, MAX_DEVICES);

    /* device */
    w->gpu = CFG(VRAM__C_GPU) ? (int32_t)CFG(VRAM__C_GPU) - 1 : -1;
    w->device_bytes = CFGSET(VRAM__C_GPU_MEM) ? CFG(VRAM__C_GPU_MEM)
                      : w->gpu >= 0 ? vram__gpu_usable((uint32_t)w->gpu) : 0;
    if (w->engine == VRAM_ENGINE_VLLM && w->gpu >= 0 && vram__gpu_is_apple((uint32_t)w->gpu))
        return vram__fail(VRAM_E_UNSUPPORTED, "vLLM has no Apple GPU (Metal) backend; an Apple "
                          "GPU is served by engine llama.cpp (or transformers on MPS)");

    uint64_t maxpos = m->v[VRAM__M_MAX_POS];
    if (maxpos && w->seq > maxpos)
        w->warnings |= VRAM_WARN_SEQ_EXCEEDS_CONTEXT;
    if (m->arch_estimated)
        w->warnings |= VRAM_WARN_ARCH_ESTIMATED;
    if (m->params_reported > UINT64_C(100000000000))
        w->warnings |= VRAM_WARN_VERY_LARGE_MODEL;
    if (!w->device_bytes)
        w->warnings |= VRAM_WARN_UNKNOWN_DEVICE;
    return VRAM_OK;
}

vram_status vram__run(const vram_model *m, const vram_config *c, vram_mode mode, vram_result *r,
                      const char *fn, bool no_shortcuts)
{
    if (!m || !c || !r)
        return vram__fail(VRAM_E_INVALID_ARG, "%s: %s is NULL", fn,
                          !m ? "model" : !c ? "config" : "result");
    r->valid = false;
    vram__work w;
    vram_status st = vram__work_resolve(m, c, mode, &w);
    if (st != VRAM_OK)
        return st;
    w.no_shortcuts = no_shortcuts;
    if (mode == VRAM_MODE_INFERENCE) {
        switch (w.engine) {
        case VRAM_ENGINE_VLLM:
            return vram__estimate_vllm(m, c, &w, r);
        case VRAM_ENGINE_LLAMA_CPP:
            return vram__estimate_llama_cpp(m, c, &w, r);
        default:
            return vram__estimate_transformers_inference(m, c, &w, r);
        }
    }
    return vram__estimate_training(m, c, &w, r);
}

VRAM_API vram_status vram_estimate_inference(const vram_model *model, const vram_config *config,
                                             vram_result *result)
{
    return vram__run(model, config, VRAM_MODE_INFERENCE, result, "vram_estimate_inference", false);
}

VRAM_API vram_status vram_estimate_full_ft(const vram_model *model, const vram_config *config,
                                           vram_result *result)
{
    return vram__run(model, config, VRAM_MODE_FULL_FT, result, "vram_estimate_full_ft", false);
}

VRAM_API vram_status vram_estimate_lora(const vram_model *model, const vram_config *config,
                                        vram_result *result)
{
    return vram__run(model, config, VRAM_MODE_LORA, result, "vram_estimate_lora", false);
}

VRAM_API vram_status vram_estimate_qlora(const vram_model *model, const vram_config *config,
                                         vram_result *result)
{
    return vram__run(model, config, VRAM_MODE_QLORA, result, "vram_estimate_qlora", false);
}

VRAM_API vram_status vram_estimate(const vram_model *model, const vram_config *config,
                                   vram_mode mode, vram_result *result)
{
    if (mode < VRAM_MODE_INFERENCE || mode > VRAM_MODE_QLORA)
        return vram__fail(VRAM_E_UNKNOWN_KEY, "unknown mode %d", (int)mode);
    return vram__run(model, config, mode, result, "vram_estimate", false);
}
