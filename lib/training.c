/*
 * training.c - full fine-tuning, LoRA and QLoRA memory (DESIGN.md 4.4-4.6).
 *
 * Per device: weights in the recipe's storage dtype (ZeRO-3/FSDP shard them),
 * gradients, optimizer states and fp32 master weights of the trainable
 * parameters (ZeRO 1/2 shard them, offload moves them to host memory), LoRA
 * adapters, activations saved for backward (activations.c; all layers, or
 * with full checkpointing one input per layer plus one layer recomputed),
 * logits with their fp32 upcast and log-softmax, QLoRA's dequantised copy of
 * the largest base layer, autocast's cached 16-bit weights, gathered
 * ZeRO-3/FSDP layers, data-parallel gradient buckets, runtime overheads.
 *
 * Precision recipes (bytes per parameter: weights + gradients + master):
 *  - fp32: 4 + 4, states fp32 (plain PyTorch).
 *  - amp_bf16 / amp_fp16: fp32 weights 4 + fp32 gradients 4; torch.autocast
 *    caches the 16-bit copy of every weight that requires grad for the whole
 *    forward (torch/amp/autocast_mode.py: the cast cache is cleared when the
 *    outermost autocast exits): 2 more per linear weight, the LM head
 *    included (aten/src/ATen/autocast_mode.cpp cached_cast).
 *  - bf16_master / fp16_master: 16-bit weights 2 + 16-bit gradients 2 + fp32
 *    master 4, states fp32 (microsoft/DeepSpeed runtime/bf16_optimizer.py and
 *    fp16 optimizers; NVIDIA/Megatron-LM Float16OptimizerWithFloat16Params),
 *    + an fp32 gradient buffer 4 with fp32_grad_buffer (DeepSpeed's bf16
 *    optimizer accumulates gradients in fp32).
 *  - bf16_pure: 2 + 2; torch AdamW creates its states with zeros_like(param),
 *    so in bf16 too (torch/optim/adamw.py _init_group).
 * Optimizers: AdamW two states; bitsandbytes 8-bit (bitsandbytes/optim/
 * optimizer.py Optimizer2State.init_state): tensors of >= 4096 values keep
 * uint8 states + an fp32 absmax per 256 values, smaller ones fp32 states, and
 * transformers' Trainer registers nn.Embedding weights for 32-bit states;
 * paged variants are the same bytes in managed (evictable) memory;
 * Adafactor (transformers optimization.py): row and column factors of the
 * second moment per matrix, the full moment for vectors, optionally m;
 * SGD momentum and Lion one buffer.
 * LoRA (huggingface/peft tuners/lora/layer.py update_layer): lora_A (r x in)
 * and lora_B (out x r) per adapted module, fp32 by default
 * (autocast_adapter_dtype), DoRA one magnitude per output feature.
 * QLoRA (bitsandbytes nn/modules.py Linear4bit, autograd MatMul4Bit): the
 * base weights 4-bit; each matmul over more than 1536 tokens dequantises the
 * whole weight to the compute dtype first (backends/cuda/ops.py gemm_4bit
 * fallback), one layer at a time.
 */
#include "vram_private.h"

/* Optimizer state bytes of one tensor of rows x cols values. */
static uint64_t opt_tensor(const vram__train *tr, uint64_t rows, uint64_t cols, uint32_t sb,
                           bool embedding, bool *ovf)
{
    uint64_t n = vram__sat_mul(rows, cols, ovf);
    switch (tr->opt) {
    case VRAM_OPT_ADAMW:
        return vram__sat_mul(n, 2 * sb, ovf);
    case VRAM_OPT_PAGED_ADAMW_32BIT:
        return vram__sat_mul(n, 8, ovf);
    case VRAM_OPT_ADAMW_8BIT:
    case VRAM_OPT_PAGED_ADAMW_8BIT:
        if (n < 4096 || embedding)
            return vram__sat_mul(n, 8, ovf);
        return vram__sat_add(vram__sat_mul(n, 2, ovf), 8 * vram__ceil_div(n, 256), ovf);
    case VRAM_OPT_ADAFACTOR:
    case VRAM_OPT_ADAFACTOR_MOMENTUM: {
        uint64_t v = rows > 1 && cols > 1 ? (rows + cols) * sb : vram__sat_mul(n, sb, ovf);
        if (tr->opt == VRAM_OPT_ADAFACTOR_MOMENTUM)
            v = vram__sat_add(v, vram__sat_mul(n, sb, ovf), ovf);
        return v;
    }
    case VRAM_OPT_SGD:
        return 0;
    default: /* SGD with momentum, Lion */
        return vram__sat_mul(n, sb, ovf);
    }
}

/* Optimizer bytes per value when they do not depend on tensor shapes (every
 * optimizer but the 8-bit and Adafactor ones); must agree with opt_tensor. */
static bool opt_per_value(const vram__train *tr, uint32_t sb, uint64_t *per)
{
    switch (tr->opt) {
    case VRAM_OPT_ADAMW: *per = 2 * (uint64_t)sb; return true;
    case VRAM_OPT_PAGED_ADAMW_32BIT: *per = 8; return true;
    case VRAM_OPT_SGD: *per = 0; return true;
    case VRAM_OPT_SGD_MOMENTUM: case VRAM_OPT_LION: *per = sb; return true;
    default: *per = 0; return false;
    }
}

/* Stage totals over trainable tensors. */
typedef struct tsum {
    uint64_t params;      /* trainable parameters */
    uint64_t opt;         /* optimizer state bytes */
    uint64_t linear;      /* parameters of trainable linear weights (autocast cache) */
} tsum;

static void add_tensor(tsum *s, const vram__train *tr, uint64_t rows, uint64_t cols,
                       uint64_t count, uint32_t sb, bool embedding, bool *ovf)
{
    uint64_t n = vram__sat_mul(vram__sat_mul(rows, cols, ovf), count, ovf);
    s->params = vram__sat_add(s->params, n, ovf);
    s->opt = vram__sat_add(s->opt, vram__sat_mul(opt_tensor(tr, rows, cols, sb, embedding, ovf),
                                                 count, ovf), ovf);
}

/* Full fine-tuning: every tensor of `nl` layers of one kind trains. */
static void full_layer_linears(tsum *s, const vram__work *w, const vram__train *tr,
                               const vram__lin_set *set, uint64_t nl, uint32_t sb, bool *ovf)
{
    if (!nl)
        return;
    uint64_t per_elem;
    if (!w->no_shortcuts && opt_per_value(tr, sb, &per_elem) && w->tp == 1 && w->ep == 1) {
        /* nothing split and states proportional to values: the set's sums */
        uint64_t wp = vram__sat_mul(set->weight_params, nl, ovf);
        uint64_t all = vram__sat_add(wp, vram__sat_mul(set->bias_params, nl, ovf), ovf);
        s->params = vram__sat_add(s->params, all, ovf);
        s->opt = vram__sat_add(s->opt, vram__sat_mul(all, per_elem, ovf), ovf);
        s->linear = vram__sat_add(s->linear, wp, ovf);
        return;
    }
    for (uint32_t i = 0; i < set->n; i++) {
        const vram__linear *l = &set->lin[i];
        uint64_t in = l->in, out = l->out, cnt = vram__ceil_div(l->count, l->expert ? w->ep : 1);
        if (l->split == VRAM__SPLIT_COL)
            out = vram__ceil_div(out, w->tp);
        else if (l->split == VRAM__SPLIT_ROW)
            in = vram__ceil_div(in, w->tp);
        add_tensor(s, tr, out, in, cnt * nl, sb, false, ovf);
        s->linear = vram__sat_add(s->linear, vram__sat_mul(out * in, cnt * nl, ovf), ovf);
        if (l->bias)
            add_tensor(s, tr, 1, out, cnt * nl, sb, false, ovf);
    }
}

/* The vector tensors of `nl` layers: each norm's weight (and bias), q/k
 * norms, attention sinks, MLA's q_a/kv_a norms, MoE score biases; tensor by
 * tensor, as optimizers size their states per tensor. */
static void full_layer_vectors(tsum *s, const vram_model *m, const vram__train *tr, uint64_t nl,
                               bool moe, uint32_t sb, bool no_shortcuts, bool *ovf)
{
    if (!nl)
        return;
    uint64_t per_value;
    if (!no_shortcuts && opt_per_value(tr, sb, &per_value)) {
        /* the same tensors, summed when states do not depend on shapes */
        uint64_t n = m->layer_norm_params + m->attn_extra_params + (moe ? m->moe_extra_params : 0);
        n = vram__sat_mul(n, nl, ovf);
        s->params = vram__sat_add(s->params, n, ovf);
        s->opt = vram__sat_add(s->opt, vram__sat_mul(n, per_value, ovf), ovf);
        return;
    }
    uint64_t h = m->v[VRAM__M_HIDDEN], d = m->head_dim;
    uint64_t per_norm = m->v[VRAM__M_NORM] == VRAM_NORM_LAYER ? 2 : 1;
    if (m->v[VRAM__M_NORM] != VRAM_NORM_NONPARAM)
        add_tensor(s, tr, 1, h, nl * m->v[VRAM__M_NORMS_PER_LAYER] * per_norm, sb, false, ovf);
    if (m->v[VRAM__M_QK_NORM] == 1)
        add_tensor(s, tr, 1, d, 2 * nl, sb, false, ovf);
    else if (m->v[VRAM__M_QK_NORM] == 2) {
        add_tensor(s, tr, 1, m->v[VRAM__M_HEADS] * d, nl, sb, false, ovf);
        add_tensor(s, tr, 1, m->kv_heads * d, nl, sb, false, ovf);
    }
    if (m->v[VRAM__M_FAMILY] == VRAM_FAMILY_GPT_OSS)
        add_tensor(s, tr, 1, m->v[VRAM__M_HEADS], nl, sb, false, ovf);
    if (m->mla) {
        if (m->v[VRAM__M_Q_LORA])
            add_tensor(s, tr, 1, m->v[VRAM__M_Q_LORA], nl, sb, false, ovf);
        add_tensor(s, tr, 1, m->v[VRAM__M_KV_LORA], nl, sb, false, ovf);
    }
    if (moe && m->moe_extra_params)
        add_tensor(s, tr, 1, m->moe_extra_params, nl, sb, false, ovf);
}

/* LoRA: the adapters of the linears of one layer kind. */
static void lora_layer_tensors(tsum *s, const vram__train *tr, const vram__work *w,
                               const vram__lin_set *set, uint32_t adapted, uint64_t nl,
                               uint32_t sb, bool *ovf)
{
    if (!nl)
        return;
    uint64_t per_value;
    if (!w->no_shortcuts && opt_per_value(tr, sb, &per_value)) {
        /* states proportional to values: sum the adapters, then price them */
        vram__acc n = {0, false};
        for (; adapted; adapted &= adapted - 1) {
            const vram__linear *l = &set->lin[__builtin_ctz(adapted)];
            uint64_t per_module = vram__sat_add(vram__sat_mul(tr->rank, l->in + l->out, &n.ovf),
                                                 tr->dora ? l->out : 0, &n.ovf);
            uint64_t cnt = vram__ceil_div(l->count, l->expert ? w->ep : 1) * nl;
            vram__acc_add(&n, vram__sat_mul(per_module, cnt, &n.ovf));
        }
        *ovf |= n.ovf;
        s->params = vram__sat_add(s->params, n.v, ovf);
        s->opt = vram__sat_add(s->opt, vram__sat_mul(n.v, per_value, ovf), ovf);
        return;
    }
    for (; adapted; adapted &= adapted - 1) {
        const vram__linear *l = &set->lin[__builtin_ctz(adapted)];
        uint64_t cnt = vram__ceil_div(l->count, l->expert ? w->ep : 1) * nl;
        add_tensor(s, tr, tr->rank, l->in, cnt, sb, false, ovf);   /* lora_A */
        add_tensor(s, tr, l->out, tr->rank, cnt, sb, false, ovf);  /* lora_B */
        if (tr->dora)
            add_tensor(s, tr, 1, l->out, cnt, sb, false, ovf);     /* magnitude */
    }
}

/* Which LoRA target names exist in the model; fails when none does. */
static vram_status check_targets(const vram_model *m, const vram__train *tr, uint64_t *warnings)
{
    if (!tr->lora || tr->all_linear)
        return VRAM_OK;
    uint64_t present = m->attn.names | m->dense.names | m->moe_mlp.names;
    uint64_t hit = tr->targets & present;
    if (!hit || tr->no_default) {
        char names[160];
        vram__buf b = {names, sizeof names, 0};
        bool first = true;
        for (unsigned i = 0; i < 64; i++)
            if (present >> i & 1u) {
                const char *n = vram__enum_str(&vram__enum_module, i);
                if (!n)
                    continue;
                if (!first)
                    vram__buf_puts(&b, ", ");
                vram__buf_puts(&b, n);
                first = false;
            }
        vram__buf_finish(&b, NULL);
        if (tr->no_default)
            return vram__fail(VRAM_E_INCONSISTENT, "PEFT has no default LoRA targets for this "
                              "model (multi-head latent attention): name them in lora_targets "
                              "(its linear modules: %s), or set lora_all_linear", names);
        return vram__fail(VRAM_E_INCONSISTENT, "lora_targets match no module of this model "
                          "(its linear modules: %s); name them in lora_targets, or set "
                          "lora_all_linear", names);
    }
    if (hit != tr->targets)
        *warnings |= VRAM_WARN_LORA_TARGET_MISSING;
    return VRAM_OK;
}

static vram_status resolve_train(const vram_model *m, const vram_config *c, const vram__work *w,
                                 vram__train *tr)
{
    const uint64_t *cu = c->u;
    tr->full = w->mode == VRAM_MODE_FULL_FT;
    tr->lora = w->mode == VRAM_MODE_LORA || w->mode == VRAM_MODE_QLORA;
    tr->qlora = w->mode == VRAM_MODE_QLORA;
    tr->prec = (vram_precision)cu[VRAM__C_PRECISION];
    tr->opt = vram__cfg_isset(c, VRAM__C_OPTIMIZER) ? (vram_optimizer)cu[VRAM__C_OPTIMIZER]
              : tr->qlora ? VRAM_OPT_PAGED_ADAMW_8BIT : VRAM_OPT_ADAMW;
    /* unset: on for QLoRA, as peft's prepare_model_for_kbit_training
     * (use_gradient_checkpointing=True) and the QLoRA recipes set it */
    tr->ckpt = vram__cfg_isset(c, VRAM__C_GRAD_CKPT) ? cu[VRAM__C_GRAD_CKPT] != 0 : tr->qlora;
    tr->dropout = cu[VRAM__C_DROPOUT] != 0;
    tr->lora_dropout = tr->lora && cu[VRAM__C_LORA_DROPOUT] != 0;
    tr->dora = tr->lora && cu[VRAM__C_DORA] != 0;
    tr->train_emb = tr->lora && cu[VRAM__C_TRAINABLE_EMB] != 0;
    tr->upcast = tr->qlora && cu[VRAM__C_UPCAST] != 0;
    tr->all_linear = cu[VRAM__C_LORA_ALL_LINEAR] != 0;
    tr->rank = tr->lora ? cu[VRAM__C_LORA_RANK] : 0;
    /* unset: PEFT's default for the model's family (none for MLA models) */
    bool named = vram__cfg_isset(c, VRAM__C_LORA_TARGETS);
    tr->targets = named || !m->lora_default_targets ? cu[VRAM__C_LORA_TARGETS]
                                                    : m->lora_default_targets;
    tr->no_default = !named && m->mla;
    tr->sp = cu[VRAM__C_SEQ_PARALLEL] != 0 && w->tp > 1;
    if (tr->lora && !tr->all_linear && !tr->targets)
        return vram__fail(VRAM_E_RANGE, "lora_targets is empty and lora_all_linear is off: "
                          "no module would be adapted");
    bool fp32 = tr->prec == VRAM_PREC_FP32;
    bool amp = tr->prec == VRAM_PREC_AMP_BF16 || tr->prec == VRAM_PREC_AMP_FP16;
    tr->c = fp32 ? 4 : 2;
    tr->cr = fp32 || amp || (tr->qlora && tr->upcast) ? 4 : tr->c;
    tr->lora_bytes = vram__dtype_size((vram_dtype)cu[VRAM__C_LORA_DTYPE]);
    if (fp32 && tr->lora_bytes < 4)
        tr->lora_bytes = 4;
    const vram__lin_set *sets[3] = {&m->attn, &m->dense, &m->moe_mlp};
    for (int k = 0; k < 3; k++) {
        uint32_t all = sets[k]->n ? UINT32_MAX >> (32 - sets[k]->n) : 0, adapted = 0;
        if (tr->lora)
            for (uint32_t i = 0; i < sets[k]->n; i++)
                if (vram__lora_adapted(tr, &sets[k]->lin[i]))
                    adapted |= UINT32_C(1) << i;
        tr->adapted[k] = adapted;
        tr->needs_input[k] = tr->full ? all : adapted;
    }
    return VRAM_OK;
}

vram_status vram__estimate_training(const vram_model *m, const vram_config *c,
                                    const vram__work *w, vram_result *r)
{
    bool ovf = false;
    vram__train tr;
    vram_status st = resolve_train(m, c, w, &tr);
    if (st != VRAM_OK)
        return st;
    uint64_t warnings = 0;
    st = check_targets(m, &tr, &warnings);
    if (st != VRAM_OK)
        return st;

    const uint64_t *cu = c->u;
    bool amp = tr.prec == VRAM_PREC_AMP_BF16 || tr.prec == VRAM_PREC_AMP_FP16;
    bool fp32 = tr.prec == VRAM_PREC_FP32;
    bool master_prec = tr.prec == VRAM_PREC_BF16_MASTER || tr.prec == VRAM_PREC_FP16_MASTER;
    uint64_t dp = w->dp, zero = cu[VRAM__C_ZERO];
    if (cu[VRAM__C_FSDP])
        zero = 3;
    if (dp == 1)
        zero = 0;
    bool off_opt = cu[VRAM__C_OFFLOAD_OPT] != 0, off_par = cu[VRAM__C_OFFLOAD_PARAMS] != 0;
    if (off_par && zero < 3)
        return vram__fail(VRAM_E_INCONSISTENT, "offload_params needs ZeRO-3 or FSDP "
                          "(zero_stage 3 or fsdp 1 with data_parallel_size > 1)");

    /* storage dtype of the weights */
    vram__work ww = *w;
    if (tr.full) {
        ww.fmt.quant = VRAM_QUANT_NONE;
        ww.fmt.dtype = fp32 || amp ? VRAM_DTYPE_F32 : w->dtype;
    } else if (tr.qlora) {
        ww.fmt.dtype = tr.upcast || fp32 ? VRAM_DTYPE_F32 : w->dtype;
    } else {
        ww.fmt.dtype = fp32 || amp ? VRAM_DTYPE_F32 : w->dtype;
    }
    ww.dtype = fp32 ? VRAM_DTYPE_F32 : w->dtype;
    ww.use_file_bytes = false;

    /* bytes per trainable element */
    uint32_t wbytes = tr.full ? vram__dtype_size(ww.fmt.dtype) : tr.lora_bytes;
    uint32_t gbytes = wbytes;
    uint32_t sbytes = wbytes; /* torch optimizers: states in the parameter dtype */
    bool master = false;
    if (tr.full && master_prec) {
        sbytes = 4;
        master = true;
    }
    if (!tr.full && master_prec && tr.lora_bytes < 4) {
        sbytes = 4;
        master = true;
    }
    uint32_t grad_buf = master && cu[VRAM__C_FP32_GRAD_BUFFER] ? 4 : 0;

    uint32_t P = (uint32_t)w->pp;
    uint64_t micro_total = vram__cfg_isset(c, VRAM__C_PP_MICRO) ? cu[VRAM__C_PP_MICRO] : w->pp;
    vram__result_begin(r, P, (uint32_t)w->tp, P, (uint32_t)dp);
    uint64_t host = 0, trainable_total = 0;
    uint64_t h = m->v[VRAM__M_HIDDEN], V = m->v[VRAM__M_VOCAB];
    uint32_t cb = vram__dtype_size(ww.dtype);

    for (uint32_t s = 0; s < P; s++) {
        uint32_t l0, l1;
        vram__stage_layers(m, w->pp, s, &l0, &l1);
        bool first = s == 0, last = s + 1 == P;
        uint32_t n_moe = vram__moe_layers(m, l0, l1), n_dense = (l1 - l0) - n_moe;

        /* ---- weights ---- */
        vram__wbytes wb;
        vram__weights_stage(m, &ww, l0, l1, first, last, &wb);
        ovf |= wb.ovf;
        uint64_t weights = wb.weights, meta = wb.meta;
        if (zero >= 3) {
            weights = vram__ceil_div(weights, dp);
            meta = vram__ceil_div(meta, dp);
        }
        if (off_par) {
            host = vram__sat_add(host, weights + meta, &ovf);
            weights = meta = 0;
        }
        vram__part(r, s, VRAM_PART_WEIGHTS, weights, weights, weights, VRAM_KIND_EXACT);
        vram__part(r, s, VRAM_PART_QUANT_METADATA, meta, meta, meta, VRAM_KIND_EXACT);

        /* ---- trainable tensors of this stage ---- */
        tsum ts = {0, 0, 0};
        if (tr.full) {
            full_layer_linears(&ts, w, &tr, &m->attn, l1 - l0, sbytes, &ovf);
            full_layer_linears(&ts, w, &tr, &m->dense, n_dense, sbytes, &ovf);
            full_layer_linears(&ts, w, &tr, &m->moe_mlp, n_moe, sbytes, &ovf);
            full_layer_vectors(&ts, m, &tr, n_dense, false, sbytes, w->no_shortcuts, &ovf);
            full_layer_vectors(&ts, m, &tr, n_moe, true, sbytes, w->no_shortcuts, &ovf);
            if (first) {
                add_tensor(&ts, &tr, vram__ceil_div(V, w->tp), h, 1, sbytes, true, &ovf);
                if (m->v[VRAM__M_LEARNED_POS])
                    add_tensor(&ts, &tr, m->v[VRAM__M_LEARNED_POS], h, 1, sbytes, true, &ovf);
                if (m->v[VRAM__M_EXTRA_PARAMS])
                    add_tensor(&ts, &tr, vram__ceil_div(m->v[VRAM__M_EXTRA_PARAMS], h), h, 1,
                               sbytes, false, &ovf);
            }
            if (last) {
                if (!m->v[VRAM__M_TIE] || !first)
                    add_tensor(&ts, &tr, vram__ceil_div(V, w->tp), h, 1, sbytes, false, &ovf);
                /* the LM head is a linear too: autocast caches its 16-bit
                 * copy, tied or not (the tied weight is the same fp32 leaf) */
                ts.linear = vram__sat_add(ts.linear,
                                          vram__sat_mul(vram__ceil_div(V, w->tp), h, &ovf), &ovf);
                if (m->v[VRAM__M_LM_HEAD_BIAS])
                    add_tensor(&ts, &tr, 1, V, 1, sbytes, false, &ovf);
                if (m->final_norm_params)
                    add_tensor(&ts, &tr, 1, m->v[VRAM__M_HIDDEN],
                               m->v[VRAM__M_NORM] == VRAM_NORM_LAYER ? 2 : 1, sbytes, false, &ovf);
            }
        } else {
            lora_layer_tensors(&ts, &tr, w, &m->attn, tr.adapted[0], l1 - l0, sbytes, &ovf);
            lora_layer_tensors(&ts, &tr, w, &m->dense, tr.adapted[1], n_dense, sbytes, &ovf);
            lora_layer_tensors(&ts, &tr, w, &m->moe_mlp, tr.adapted[2], n_moe, sbytes, &ovf);
        }
        uint64_t adapters = vram__sat_mul(ts.params, tr.full ? 0 : tr.lora_bytes, &ovf);
        uint64_t trainable = ts.params;
        uint64_t opt = ts.opt;
        uint64_t grads = vram__sat_mul(ts.params, gbytes + grad_buf, &ovf);
        uint64_t masters = master ? vram__sat_mul(ts.params, 4, &ovf) : 0;

        /* trainable embeddings (PEFT modules_to_save): a trainable copy of
         * the input embedding and, when untied, of the LM head, in the base
         * dtype, with their gradients and 32-bit optimizer states */
        if (tr.train_emb) {
            uint32_t eb = vram__dtype_size(ww.fmt.dtype);
            tsum es = {0, 0, 0};
            if (first)
                add_tensor(&es, &tr, V, h, 1, eb, true, &ovf);
            if (last && !m->v[VRAM__M_TIE])
                add_tensor(&es, &tr, V, h, 1, eb, false, &ovf);
            adapters = vram__sat_add(adapters, vram__sat_mul(es.params, eb, &ovf), &ovf);
            grads = vram__sat_add(grads, vram__sat_mul(es.params, eb, &ovf), &ovf);
            opt = vram__sat_add(opt, es.opt, &ovf);
            trainable = vram__sat_add(trainable, es.params, &ovf);
        }
        trainable_total = vram__sat_add(trainable_total, trainable, &ovf);

        if (zero >= 2)
            grads = vram__ceil_div(grads, dp);
        if (zero >= 1) {
            opt = vram__ceil_div(opt, dp);
            masters = vram__ceil_div(masters, dp);
        }
        if (off_opt) {
            host = vram__sat_add(host, vram__sat_add(opt, masters, &ovf), &ovf);
            opt = masters = 0;
        }
        bool paged = tr.opt == VRAM_OPT_PAGED_ADAMW_8BIT || tr.opt == VRAM_OPT_PAGED_ADAMW_32BIT;
        vram__part(r, s, VRAM_PART_OPTIMIZER_STATES, opt, paged ? 0 : opt, opt, VRAM_KIND_EXACT);
        vram__part(r, s, VRAM_PART_MASTER_WEIGHTS, masters, masters, masters, VRAM_KIND_EXACT);
        if (!tr.full)
            vram__part(r, s, VRAM_PART_ADAPTER_WEIGHTS, adapters, adapters, adapters, VRAM_KIND_EXACT);

        /* ---- activations ---- */
        uint64_t b = w->batch, sq = w->seq, t = vram__sat_mul(b, sq, &ovf);
        uint64_t tr_dense = 0, tr_moe = 0;
        uint64_t a_dense = n_dense ? vram__act_train_layer(m, w, &tr, false, b, sq, &tr_dense, &ovf) : 0;
        uint64_t a_moe = n_moe ? vram__act_train_layer(m, w, &tr, true, b, sq, &tr_moe, &ovf) : 0;
        uint64_t saved;
        if (tr.ckpt) {
            /* each layer keeps its input; one layer's activations are
             * recomputed at a time during backward */
            uint64_t inputs = vram__sat_mul(vram__sat_mul(t, h * tr.cr, &ovf), l1 - l0, &ovf);
            saved = vram__sat_add(inputs, vram__max(a_dense, a_moe), &ovf);
        } else {
            saved = vram__sat_add(vram__sat_mul(a_dense, n_dense, &ovf),
                                  vram__sat_mul(a_moe, n_moe, &ovf), &ovf);
        }
        if (last) {
            /* final norm, and the LM head's input when the head trains */
            uint64_t fn = m->v[VRAM__M_NORM] == VRAM_NORM_RMS ? h * (4 + (tr.full ? tr.c : 0))
                                                               : h * tr.cr + 8;
            if (tr.full || tr.train_emb)
                fn += h * tr.c;
            saved = vram__sat_add(saved, vram__sat_mul(t, fn, &ovf), &ovf);
        }
        uint64_t in_flight = vram__min(micro_total, w->pp - s);
        saved = vram__sat_mul(saved, in_flight ? in_flight : 1, &ovf);
        uint64_t transient = vram__max(tr_dense, tr_moe);
        uint64_t act = vram__sat_add(saved, transient, &ovf);

        /* ---- logits: compute dtype, fp32 upcast, fp32 log-softmax ---- */
        uint64_t lg = 0, lg_lo = 0, lg_hi = 0;
        if (last) {
            uint64_t tv = vram__sat_mul(t, vram__ceil_div(V, w->tp), &ovf);
            lg = vram__sat_mul(tv, tr.c + 8, &ovf);
            lg_lo = vram__sat_mul(tv, tr.c + 4, &ovf);
            lg_hi = vram__sat_mul(tv, tr.c + 12, &ovf);
        }

        /* ---- the peak: start of backward or the optimizer step ----
         * Backward starts with every activation and the logits alive and
         * only the LM head's gradient allocated (the rest appear as the
         * activations are freed, layer by layer); the optimizer step holds
         * every gradient and no activation. With gradient accumulation the
         * gradients persist through the forward. */
        uint64_t g_early = grads;
        if (tr.full) {
            g_early = 0;
            if (last)
                g_early = vram__sat_mul(vram__sat_mul(vram__ceil_div(V, w->tp), h, &ovf),
                                        gbytes + grad_buf, &ovf);
            if (zero >= 2)
                g_early = vram__ceil_div(g_early, dp);
            if (cu[VRAM__C_GRAD_ACCUM] > 1)
                g_early = grads;
        }
        uint64_t phase_a = vram__sat_add(vram__sat_add(act, lg, &ovf), g_early, &ovf);
        if (grads > phase_a) {
            vram__part(r, s, VRAM_PART_GRADIENTS, grads, grads, grads, VRAM_KIND_EXACT);
            /* the optimizer step: activations and logits are gone; their
             * bands keep them, for a caller who wants the larger moment */
            vram__part(r, s, VRAM_PART_ACTIVATIONS, 0, 0, vram__sat_add(act, act / 4, &ovf),
                       VRAM_KIND_MODELLED);
            if (last)
                vram__part(r, s, VRAM_PART_LOGITS, 0, 0, lg_hi, VRAM_KIND_MODELLED);
        } else {
            vram__part(r, s, VRAM_PART_GRADIENTS, g_early, g_early, grads, VRAM_KIND_EXACT);
            vram__part(r, s, VRAM_PART_ACTIVATIONS, act, act / 4 * 3,
                       vram__sat_add(act, act / 4, &ovf), VRAM_KIND_MODELLED);
            if (last)
                vram__part(r, s, VRAM_PART_LOGITS, lg, lg_lo, lg_hi, VRAM_KIND_MODELLED);
        }

        /* ---- QLoRA / quantized-base LoRA: the dequantised largest layer ---- */
        if (!tr.full && ww.fmt.quant != VRAM_QUANT_NONE && wb.largest_linear) {
            /* weights_stage priced it in the storage dtype of the unquantized
             * tensors; the dequantised copy is in the compute dtype */
            uint64_t n = wb.largest_linear / vram__dtype_size(ww.fmt.dtype);
            uint64_t deq = vram__sat_mul(n, cb, &ovf);
            if ((ww.fmt.quant == VRAM_QUANT_BNB_NF4 || ww.fmt.quant == VRAM_QUANT_BNB_FP4) &&
                ww.fmt.double_quant)
                deq = vram__sat_add(deq, 8 * vram__ceil_div(n, 64), &ovf);
            bool fused = t <= 1536; /* gemm_4bit keeps small batches in its fused kernel */
            vram__part(r, s, VRAM_PART_DEQUANT_BUFFER, deq, fused ? 0 : deq, deq, VRAM_KIND_EXACT);
        }

        /* ---- weight copies ---- */
        uint64_t copies = 0;
        if (amp && tr.full)
            copies = vram__sat_mul(ts.linear, 2, &ovf); /* autocast cast cache */
        if (zero >= 3) {
            /* the layer being computed and the prefetched next one, gathered */
            uint64_t layer_p = vram__max(m->params_dense_layer, n_moe ? m->params_moe_layer : 0);
            copies = vram__sat_add(copies, vram__sat_mul(layer_p, 2 * vram__dtype_size(ww.fmt.dtype), &ovf), &ovf);
        }
        if (copies)
            vram__part(r, s, VRAM_PART_WEIGHT_COPIES, copies, copies / 2, copies, VRAM_KIND_EXACT);

        /* ---- communication buffers ---- */
        uint64_t world = w->tp * w->pp * dp;
        if (world > 1) {
            uint64_t comm;
            if (vram__cfg_isset(c, VRAM__C_COMM))
                comm = cu[VRAM__C_COMM];
            else {
                comm = 256 * VRAM__MIB; /* NCCL communicators */
                if (dp > 1 && zero == 0) /* DDP's bucket buffers mirror the gradients */
                    comm = vram__sat_add(comm, vram__sat_mul(trainable, gbytes, &ovf), &ovf);
                else if (dp > 1) /* ZeRO reduce + all-gather buckets (transformers' "auto": h^2) */
                    comm = vram__sat_add(comm, vram__sat_mul(2 * h * h, gbytes, &ovf), &ovf);
            }
            vram__part(r, s, VRAM_PART_COMM_BUFFERS, comm, comm / 2, comm * 2, VRAM_KIND_EMPIRICAL);
        }
        vram__runtime_parts(c, w, r, s, true, &ovf);
    }

    /* trainable parameters of the whole model: the stages' sum (adapters are
     * kept whole on every tensor-parallel rank) */
    r->u[VRAM__R_PARAMS_TRAINABLE] = tr.full ? m->params_reported : trainable_total;
    /* host memory of the whole layout: every tensor-parallel rank and
     * data-parallel replica offloads its own share */
    r->u[VRAM__R_HOST] = vram__sat_mul(host, w->tp * dp, &ovf);
    if (host)
        r->u[VRAM__R_WARNINGS] |= VRAM_WARN_HOST_MEMORY;
    r->u[VRAM__R_WARNINGS] |= warnings;
    r->u[VRAM__R_KV_PER_TOKEN] = 0;
    /* the result reports the recipe's storage format and compute dtype */
    return vram__finish(m, &ww, r, ovf);
}
