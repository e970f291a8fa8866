/*
 * params.c - parameter counting, tensor by tensor (DESIGN.md section 4.1).
 *
 * Builds, from the model keys, the linear modules of one attention block, one
 * dense MLP and one MoE MLP (shapes, TP split, LoRA names), plus every
 * non-linear parameter (norms, biases, sinks, embeddings). Estimates then
 * price these shapes in any weight format without recounting.
 *
 * Shapes follow the Hugging Face modeling files of each family
 * (huggingface/transformers src/transformers/models/<family>/modeling_*.py):
 * LlamaAttention/LlamaMLP, Qwen2 (qkv bias), Qwen3 (q_norm/k_norm over
 * head_dim), Olmo2 (q_norm over all heads), Gemma2/3 (four norms per layer),
 * Phi3 (qkv_proj, gate_up_proj), GPT2 (Conv1D c_attn/c_proj/c_fc),
 * GPTJ, GPTNeoX, Falcon (query_key_value), MPT (Wqkv), Mixtral
 * (experts w1/w2/w3, router gate), Qwen2-MoE (shared_expert,
 * shared_expert_gate), DeepseekV3 (MLA q_a/q_b/kv_a/kv_b with their norms,
 * e_score_correction_bias), GptOss (biased attention, sinks, fused expert
 * gate_up with biases, router with bias).
 */
#include "vram_private.h"

#include <stdio.h>
#include <string.h>

#define NONAME 0xFFu

/* Module name of each role in each family (vram_module_name or NONAME). */
static uint8_t name_of(vram_family fam, enum vram__role role)
{
    switch (role) {
    case VRAM__R_Q: return VRAM_MODULE_Q_PROJ;
    case VRAM__R_K: return VRAM_MODULE_K_PROJ;
    case VRAM__R_V: return VRAM_MODULE_V_PROJ;
    case VRAM__R_O:
        switch (fam) {
        case VRAM_FAMILY_GPT2: case VRAM_FAMILY_QWEN1: return VRAM_MODULE_C_PROJ;
        case VRAM_FAMILY_GPT_NEOX: case VRAM_FAMILY_FALCON: case VRAM_FAMILY_PHI:
            return VRAM_MODULE_DENSE;
        case VRAM_FAMILY_GPTJ: case VRAM_FAMILY_MPT: return VRAM_MODULE_OUT_PROJ;
        default: return VRAM_MODULE_O_PROJ;
        }
    case VRAM__R_QKV:
        switch (fam) {
        case VRAM_FAMILY_GPT2: case VRAM_FAMILY_QWEN1: return VRAM_MODULE_C_ATTN;
        case VRAM_FAMILY_GPT_NEOX: case VRAM_FAMILY_FALCON: return VRAM_MODULE_QUERY_KEY_VALUE;
        case VRAM_FAMILY_MPT: return VRAM_MODULE_WQKV;
        default: return VRAM_MODULE_QKV_PROJ;
        }
    case VRAM__R_MLA_Q_A: return VRAM_MODULE_Q_A_PROJ;
    case VRAM__R_MLA_Q_B: return VRAM_MODULE_Q_B_PROJ;
    case VRAM__R_MLA_KV_A: return VRAM_MODULE_KV_A_PROJ;
    case VRAM__R_MLA_KV_B: return VRAM_MODULE_KV_B_PROJ;
    case VRAM__R_GATE: case VRAM__R_SH_GATE:
        return fam == VRAM_FAMILY_QWEN1 ? VRAM_MODULE_W2 : VRAM_MODULE_GATE_PROJ;
    case VRAM__R_UP: case VRAM__R_SH_UP:
        switch (fam) {
        case VRAM_FAMILY_QWEN1: return VRAM_MODULE_W1;
        case VRAM_FAMILY_GPT2: return VRAM_MODULE_C_FC;
        case VRAM_FAMILY_GPT_NEOX: case VRAM_FAMILY_FALCON: return VRAM_MODULE_DENSE_H_TO_4H;
        case VRAM_FAMILY_GPTJ: return VRAM_MODULE_FC_IN;
        case VRAM_FAMILY_PHI: return VRAM_MODULE_FC1;
        default: return VRAM_MODULE_UP_PROJ;
        }
    case VRAM__R_DOWN: case VRAM__R_SH_DOWN:
        switch (fam) {
        case VRAM_FAMILY_QWEN1: case VRAM_FAMILY_GPT2: return VRAM_MODULE_C_PROJ;
        case VRAM_FAMILY_GPT_NEOX: case VRAM_FAMILY_FALCON: return VRAM_MODULE_DENSE_4H_TO_H;
        case VRAM_FAMILY_GPTJ: return VRAM_MODULE_FC_OUT;
        case VRAM_FAMILY_PHI: return VRAM_MODULE_FC2;
        default: return VRAM_MODULE_DOWN_PROJ;
        }
    case VRAM__R_GATE_UP: case VRAM__R_SH_GATE_UP: return VRAM_MODULE_GATE_UP_PROJ;
    case VRAM__R_EXP_GATE:
        return fam == VRAM_FAMILY_MIXTRAL ? VRAM_MODULE_W1
               : fam == VRAM_FAMILY_GPT_OSS ? NONAME : VRAM_MODULE_GATE_PROJ;
    case VRAM__R_EXP_UP:
        return fam == VRAM_FAMILY_MIXTRAL ? VRAM_MODULE_W3
               : fam == VRAM_FAMILY_GPT_OSS ? NONAME : VRAM_MODULE_UP_PROJ;
    case VRAM__R_EXP_DOWN:
        return fam == VRAM_FAMILY_MIXTRAL ? VRAM_MODULE_W2
               : fam == VRAM_FAMILY_GPT_OSS ? NONAME : VRAM_MODULE_DOWN_PROJ;
    case VRAM__R_EXP_GATE_UP: return NONAME; /* gpt-oss: a parameter, not a module */
    case VRAM__R_ROUTER: return fam == VRAM_FAMILY_GPT_OSS ? NONAME : VRAM_MODULE_GATE;
    case VRAM__R_SH_EXPERT_GATE: return VRAM_MODULE_SHARED_EXPERT_GATE;
    }
    return NONAME;
}

static void add_lin(vram__lin_set *s, vram_family fam, enum vram__role role, uint64_t in,
                    uint64_t out, uint64_t count, enum vram__split split, bool bias, bool expert,
                    bool kv)
{
    vram__linear *l = &s->lin[s->n++];
    l->in = in;
    l->out = out;
    l->count = count;
    l->role = (uint8_t)role;
    l->name = name_of(fam, role);
    l->split = (uint8_t)split;
    l->bias = bias;
    l->expert = expert;
    l->kv = kv;
}

/* Which shared input a linear of this role reads (enum vram__lin_group), or
 * VRAM__NGROUPS for none that another linear shares the accounting of. */
static unsigned group_of(uint8_t role)
{
    switch (role) {
    case VRAM__R_Q: case VRAM__R_K: case VRAM__R_V: case VRAM__R_QKV:
    case VRAM__R_MLA_Q_A: case VRAM__R_MLA_KV_A:
        return VRAM__G_QKV_IN;
    case VRAM__R_O:
        return VRAM__G_O_IN;
    case VRAM__R_GATE: case VRAM__R_UP: case VRAM__R_GATE_UP: case VRAM__R_ROUTER:
    case VRAM__R_SH_GATE: case VRAM__R_SH_UP: case VRAM__R_SH_GATE_UP:
    case VRAM__R_SH_EXPERT_GATE:
        return VRAM__G_MLP_IN;
    case VRAM__R_DOWN:
        return VRAM__G_DOWN_IN;
    case VRAM__R_SH_DOWN:
        return VRAM__G_SH_DOWN_IN;
    default:
        return VRAM__NGROUPS;
    }
}

/* The summaries the estimates read instead of looping over the set. */
static bool set_summarise(vram__lin_set *s)
{
    bool ovf = false, bovf = false;
    s->weight_params = s->bias_params = s->names = 0;
    s->bnb4_weight = s->bnb4_meta = s->bnb4_meta_dq = s->largest_params = 0;
    s->bnb4_ok = true;
    for (unsigned g = 0; g < VRAM__NGROUPS; g++)
        s->group[g] = 0;
    for (uint32_t i = 0; i < s->n; i++) {
        const vram__linear *l = &s->lin[i];
        uint64_t w = vram__sat_mul(vram__sat_mul(l->in, l->out, &ovf), l->count, &ovf);
        s->weight_params = vram__sat_add(s->weight_params, w, &ovf);
        if (l->bias)
            s->bias_params = vram__sat_add(s->bias_params, vram__sat_mul(l->out, l->count, &ovf),
                                           &ovf);
        /* the bitsandbytes 4-bit sums (dtype does not matter to them) */
        vram__lin_bytes plain, dq;
        vram__format f = {.quant = VRAM_QUANT_BNB_NF4, .dtype = VRAM_DTYPE_BF16};
        bool ok = vram__linear_bytes(&f, true, l->in, l->out, &plain);
        f.double_quant = true;
        ok = ok && vram__linear_bytes(&f, true, l->in, l->out, &dq);
        s->bnb4_ok = s->bnb4_ok && ok;
        s->bnb4_weight = vram__sat_add(s->bnb4_weight, vram__sat_mul(plain.weight, l->count, &bovf), &bovf);
        s->bnb4_meta = vram__sat_add(s->bnb4_meta, vram__sat_mul(plain.meta, l->count, &bovf), &bovf);
        s->bnb4_meta_dq = vram__sat_add(s->bnb4_meta_dq, vram__sat_mul(dq.meta, l->count, &bovf), &bovf);
        s->largest_params = vram__max(s->largest_params, vram__sat_mul(l->in, l->out, &bovf));
        unsigned g = group_of(l->role);
        if (g < VRAM__NGROUPS)
            s->group[g] |= UINT32_C(1) << i;
        if (l->name != NONAME)
            s->names |= UINT64_C(1) << l->name;
    }
    /* a saturated 4-bit sum only turns its shortcut off (parallel.c) */
    s->bnb4_ok = s->bnb4_ok && !bovf;
    return !ovf;
}

/* Parameters of one linear set: weights + biases (count-weighted). */
static bool set_params(const vram__lin_set *s, bool active_only, uint64_t active_experts,
                       uint64_t *out)
{
    vram__acc a = {0, false};
    for (uint32_t i = 0; i < s->n; i++) {
        const vram__linear *l = &s->lin[i];
        uint64_t cnt = l->count, w = 0;
        if (active_only && l->expert)
            cnt = active_experts;
        a.ovf |= !vram__mul3(l->in, l->out, cnt, &w);
        vram__acc_add(&a, w);
        if (l->bias)
            vram__acc_add(&a, vram__sat_mul(l->out, cnt, &a.ovf));
    }
    *out = a.v;
    return !a.ovf;
}

#define FAIL(st, ...) (snprintf(msg, msg_cap, __VA_ARGS__), (st))

vram_status vram__params_derive(vram_model *m, char *msg, size_t msg_cap)
{
    const uint64_t *v = m->v;
    vram_family fam = (vram_family)v[VRAM__M_FAMILY];
    uint64_t L = v[VRAM__M_NUM_LAYERS], h = v[VRAM__M_HIDDEN], a = v[VRAM__M_HEADS];
    uint64_t V = v[VRAM__M_VOCAB], I = v[VRAM__M_INTERMEDIATE];
    uint64_t E = v[VRAM__M_EXPERTS], e = v[VRAM__M_EXPERTS_PER_TOKEN];
    bool gated = v[VRAM__M_MLP] == VRAM_MLP_GATED;
    bool mlp_bias = v[VRAM__M_MLP_BIAS];

    m->attn.n = m->dense.n = m->moe_mlp.n = 0;
    m->params_total = m->params_active = m->params_reported = 0;
    m->mla = v[VRAM__M_KV_LORA] != 0;

    if (L == 0)
        return FAIL(VRAM_E_INCOMPLETE, "num_layers is not set");
    if (h == 0)
        return FAIL(VRAM_E_INCOMPLETE, "hidden_size is not set");
    if (a == 0)
        return FAIL(VRAM_E_INCOMPLETE, "num_heads is not set");
    if (V == 0)
        return FAIL(VRAM_E_INCOMPLETE, "vocab_size is not set");

    uint64_t k = v[VRAM__M_KV_HEADS] ? v[VRAM__M_KV_HEADS] : a;
    if (k > a || a % k != 0)
        return FAIL(VRAM_E_INCONSISTENT,
                    "num_heads %llu is not a multiple of num_kv_heads %llu",
                    (unsigned long long)a, (unsigned long long)k);
    uint64_t d = v[VRAM__M_HEAD_DIM];
    if (d == 0 && !m->mla) {
        if (h % a != 0)
            return FAIL(VRAM_E_INCONSISTENT,
                        "hidden_size %llu is not a multiple of num_heads %llu; set head_dim",
                        (unsigned long long)h, (unsigned long long)a);
        d = h / a;
    }
    uint64_t dv = v[VRAM__M_V_HEAD_DIM] ? v[VRAM__M_V_HEAD_DIM] : d;
    m->kv_heads = k;

    /* ---- attention ---- */
    vram__lin_set *at = &m->attn;
    bool qkv_bias = v[VRAM__M_QKV_BIAS], o_bias = v[VRAM__M_O_BIAS];
    m->attn_extra_params = 0;
    if (m->mla) {
        uint64_t nope = v[VRAM__M_QK_NOPE], rope = v[VRAM__M_QK_ROPE];
        uint64_t qr = v[VRAM__M_Q_LORA], kvr = v[VRAM__M_KV_LORA];
        uint64_t qk = nope + rope;
        if (qk == 0)
            return FAIL(VRAM_E_INCOMPLETE, "MLA (kv_lora_rank %llu) needs qk_nope_head_dim and "
                        "qk_rope_head_dim", (unsigned long long)kvr);
        if (v[VRAM__M_V_HEAD_DIM] == 0)
            return FAIL(VRAM_E_INCOMPLETE, "MLA (kv_lora_rank %llu) needs v_head_dim",
                        (unsigned long long)kvr);
        d = qk;
        if (qr) {
            add_lin(at, fam, VRAM__R_MLA_Q_A, h, qr, 1, VRAM__SPLIT_NONE, qkv_bias, false, false);
            add_lin(at, fam, VRAM__R_MLA_Q_B, qr, a * qk, 1, VRAM__SPLIT_COL, false, false, false);
            m->attn_extra_params += qr; /* q_a_layernorm */
        } else {
            add_lin(at, fam, VRAM__R_Q, h, a * qk, 1, VRAM__SPLIT_COL, false, false, false);
        }
        add_lin(at, fam, VRAM__R_MLA_KV_A, h, kvr + rope, 1, VRAM__SPLIT_NONE, qkv_bias, false,
                false);
        m->attn_extra_params += kvr; /* kv_a_layernorm */
        add_lin(at, fam, VRAM__R_MLA_KV_B, kvr, a * (nope + dv), 1, VRAM__SPLIT_COL, false, false,
                false);
        add_lin(at, fam, VRAM__R_O, a * dv, h, 1, VRAM__SPLIT_ROW, o_bias, false, false);
        m->kv_k_dim = kvr + rope;
        m->kv_v_dim = 0;
        m->q_width = a * qk;
    } else {
        if (v[VRAM__M_FUSED_QKV])
            add_lin(at, fam, VRAM__R_QKV, h, a * d + k * d + k * dv, 1, VRAM__SPLIT_COL, qkv_bias,
                    false, false);
        else {
            add_lin(at, fam, VRAM__R_Q, h, a * d, 1, VRAM__SPLIT_COL, qkv_bias, false, false);
            add_lin(at, fam, VRAM__R_K, h, k * d, 1, VRAM__SPLIT_COL, qkv_bias, false, true);
            add_lin(at, fam, VRAM__R_V, h, k * dv, 1, VRAM__SPLIT_COL, qkv_bias, false, true);
        }
        add_lin(at, fam, VRAM__R_O, a * dv, h, 1, VRAM__SPLIT_ROW, o_bias, false, false);
        m->kv_k_dim = d;
        m->kv_v_dim = dv;
        m->q_width = a * d;
    }
    m->head_dim = d;
    m->v_head_dim = dv;
    if (fam == VRAM_FAMILY_GPT_OSS)
        m->attn_extra_params += a; /* attention sinks, one per head */

    /* ---- norms ---- */
    switch (v[VRAM__M_NORM]) {
    case VRAM_NORM_LAYER: m->norm_unit = 2 * h; break;
    case VRAM_NORM_NONPARAM: m->norm_unit = 0; break;
    default: m->norm_unit = h; break;
    }
    m->layer_norm_params = v[VRAM__M_NORMS_PER_LAYER] * m->norm_unit;
    if (v[VRAM__M_QK_NORM] == 1)
        m->layer_norm_params += 2 * d;
    else if (v[VRAM__M_QK_NORM] == 2)
        m->layer_norm_params += a * d + k * d;
    m->final_norm_params = v[VRAM__M_FINAL_NORM] ? m->norm_unit : 0;

    /* ---- dense MLP ---- */
    uint32_t n_dense = (uint32_t)L - m->n_moe;
    if (n_dense > 0) {
        if (I == 0)
            return FAIL(VRAM_E_INCOMPLETE, "intermediate_size is not set");
        vram__lin_set *ds = &m->dense;
        if (gated && v[VRAM__M_FUSED_GATE_UP])
            add_lin(ds, fam, VRAM__R_GATE_UP, h, 2 * I, 1, VRAM__SPLIT_COL, mlp_bias, false, false);
        else if (gated) {
            add_lin(ds, fam, VRAM__R_GATE, h, I, 1, VRAM__SPLIT_COL, mlp_bias, false, false);
            add_lin(ds, fam, VRAM__R_UP, h, I, 1, VRAM__SPLIT_COL, mlp_bias, false, false);
        } else
            add_lin(ds, fam, VRAM__R_UP, h, I, 1, VRAM__SPLIT_COL, mlp_bias, false, false);
        add_lin(ds, fam, VRAM__R_DOWN, I, h, 1, VRAM__SPLIT_ROW, mlp_bias, false, false);
    }

    /* ---- MoE MLP ---- */
    m->moe_extra_params = 0;
    if (m->n_moe > 0) {
        uint64_t Im = v[VRAM__M_MOE_INTERMEDIATE] ? v[VRAM__M_MOE_INTERMEDIATE] : I;
        uint64_t ns = v[VRAM__M_SHARED_EXPERTS];
        uint64_t Is = v[VRAM__M_SHARED_INTERMEDIATE] ? v[VRAM__M_SHARED_INTERMEDIATE] : Im * ns;
        if (E == 0)
            return FAIL(VRAM_E_INCOMPLETE, "num_experts is not set but %u layers are MoE",
                        m->n_moe);
        if (e == 0 || e > E)
            return FAIL(VRAM_E_INCONSISTENT, "experts_per_token must be in [1, num_experts %llu], "
                        "got %llu", (unsigned long long)E, (unsigned long long)e);
        if (Im == 0)
            return FAIL(VRAM_E_INCOMPLETE, "moe_intermediate_size is not set");
        vram__lin_set *ms = &m->moe_mlp;
        if (gated && fam == VRAM_FAMILY_GPT_OSS)
            add_lin(ms, fam, VRAM__R_EXP_GATE_UP, h, 2 * Im, E, VRAM__SPLIT_COL, mlp_bias, true,
                    false);
        else if (gated) {
            add_lin(ms, fam, VRAM__R_EXP_GATE, h, Im, E, VRAM__SPLIT_COL, mlp_bias, true, false);
            add_lin(ms, fam, VRAM__R_EXP_UP, h, Im, E, VRAM__SPLIT_COL, mlp_bias, true, false);
        } else
            add_lin(ms, fam, VRAM__R_EXP_UP, h, Im, E, VRAM__SPLIT_COL, mlp_bias, true, false);
        add_lin(ms, fam, VRAM__R_EXP_DOWN, Im, h, E, VRAM__SPLIT_ROW, mlp_bias, true, false);
        if (Is) {
            if (gated) {
                add_lin(ms, fam, VRAM__R_SH_GATE, h, Is, 1, VRAM__SPLIT_COL, mlp_bias, false, false);
                add_lin(ms, fam, VRAM__R_SH_UP, h, Is, 1, VRAM__SPLIT_COL, mlp_bias, false, false);
            } else
                add_lin(ms, fam, VRAM__R_SH_UP, h, Is, 1, VRAM__SPLIT_COL, mlp_bias, false, false);
            add_lin(ms, fam, VRAM__R_SH_DOWN, Is, h, 1, VRAM__SPLIT_ROW, mlp_bias, false, false);
        }
        add_lin(ms, fam, VRAM__R_ROUTER, h, E, 1, VRAM__SPLIT_NONE, v[VRAM__M_ROUTER_BIAS], false,
                false);
        if (v[VRAM__M_SHARED_EXPERT_GATE])
            add_lin(ms, fam, VRAM__R_SH_EXPERT_GATE, h, 1, 1, VRAM__SPLIT_NONE, false, false,
                    false);
    }

    /* ---- totals ---- */
    uint64_t attn_p, dense_p = 0, moe_p = 0, moe_act = 0;
    bool ovf = false;
    ovf |= !set_summarise(&m->attn);
    ovf |= !set_summarise(&m->dense);
    ovf |= !set_summarise(&m->moe_mlp);
    /* PEFT's default target_modules per model type
     * (TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING, peft/utils/constants.py):
     * the query and value projections, or the fused qkv one (c_attn,
     * query_key_value, Wqkv, qkv_proj); none for MLA, which PEFT asks for */
    m->lora_default_targets = 0;
    for (int pass = 0; pass < 2 && !m->lora_default_targets; pass++)
        for (uint32_t i = 0; i < m->attn.n; i++) {
            const vram__linear *l = &m->attn.lin[i];
            bool want = pass == 0 ? l->role == VRAM__R_Q || l->role == VRAM__R_V
                                  : l->role == VRAM__R_QKV;
            if (want && l->name != NONAME && !(pass == 0 && m->mla))
                m->lora_default_targets |= UINT64_C(1) << l->name;
        }
    ovf |= !set_params(&m->attn, false, 0, &attn_p);
    ovf |= !set_params(&m->dense, false, 0, &dense_p);
    ovf |= !set_params(&m->moe_mlp, false, 0, &moe_p);
    ovf |= !set_params(&m->moe_mlp, true, e, &moe_act);
    uint64_t common = attn_p + m->attn_extra_params + m->layer_norm_params;
    m->params_dense_layer = common + dense_p;
    m->params_moe_layer = common + moe_p + m->moe_extra_params;
    m->active_moe_layer = common + moe_act + m->moe_extra_params;

    m->embed_params = vram__sat_mul(V, h, &ovf);
    m->embed_params = vram__sat_add(m->embed_params, vram__sat_mul(v[VRAM__M_LEARNED_POS], h, &ovf),
                                    &ovf);
    m->lm_head_params = v[VRAM__M_TIE] ? 0 : vram__sat_mul(V, h, &ovf);
    if (v[VRAM__M_LM_HEAD_BIAS])
        m->lm_head_params = vram__sat_add(m->lm_head_params, V, &ovf);

    vram__acc tot = {0, ovf}, act = {0, ovf};
    uint32_t nd = (uint32_t)L - m->n_moe;
    vram__acc_add(&tot, vram__sat_mul(nd, m->params_dense_layer, &tot.ovf));
    vram__acc_add(&tot, vram__sat_mul(m->n_moe, m->params_moe_layer, &tot.ovf));
    vram__acc_add(&act, vram__sat_mul(nd, m->params_dense_layer, &act.ovf));
    vram__acc_add(&act, vram__sat_mul(m->n_moe, m->active_moe_layer, &act.ovf));
    vram__acc_add(&tot, m->embed_params);
    vram__acc_add(&act, m->embed_params);
    vram__acc_add(&tot, m->lm_head_params + m->final_norm_params);
    vram__acc_add(&act, m->lm_head_params + m->final_norm_params);
    vram__acc_add(&tot, v[VRAM__M_EXTRA_PARAMS]);
    vram__acc_add(&act, v[VRAM__M_EXTRA_PARAMS]);
    if (tot.ovf || act.ovf)
        return FAIL(VRAM_E_OVERFLOW, "parameter count overflows 64 bits");
    m->params_total = tot.v;
    m->params_active = act.v;
    m->params_reported = v[VRAM__M_PARAMS_OVERRIDE] ? v[VRAM__M_PARAMS_OVERRIDE] : tot.v;

    /* KV elements per token, every layer treated as global. */
    m->kv_elems_per_token = L * k * (m->kv_k_dim + m->kv_v_dim);
    if (m->mla)
        m->kv_elems_per_token = L * m->kv_k_dim;
    return VRAM_OK;
}
