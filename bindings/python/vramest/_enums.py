"""The C enumerations of ``vramest.h``, mirrored as :class:`enum.IntEnum`.

Each class drops the C prefix (``VRAM_CFG_SEQ_LEN`` is ``ConfigKey.SEQ_LEN``).
The values are the ABI's: never renumbered. ``tests/test_enums.py`` parses
``include/vramest.h`` and checks every enumerator's name and value against
these classes (and that no enum of the header is missing), so they cannot
drift from the header. :class:`Warning` is an :class:`enum.IntFlag`, as its
values are bits of the ``ResultKey.WARNINGS`` mask.
"""

from enum import IntEnum, IntFlag

__all__ = [
    "Status", "Mode", "Engine", "DType", "Quant", "GgufFtype", "Attention", "Logits",
    "Precision", "Optimizer", "Kind", "Mlp", "Norm", "Family", "LayerAttention", "LayerMlp",
    "ModuleName", "ModelKey", "LayerKey", "ConfigKey", "ValueType", "Part", "ResultKey",
    "Warning", "GpuKey",
]


class Status(IntEnum):
    """``vram_status``: ``VRAM_*`` without the prefix."""

    OK = 0
    E_INVALID_ARG = 1
    E_RANGE = 2
    E_TYPE = 3
    E_UNKNOWN_KEY = 4
    E_OVERFLOW = 5
    E_NOMEM = 6
    E_UNSUPPORTED = 7
    E_INCOMPLETE = 8
    E_PARSE = 9
    E_IO = 10
    E_NOT_FOUND = 11
    E_BUFFER_TOO_SMALL = 12
    E_INCONSISTENT = 13
    E_DOES_NOT_FIT = 14
    E_LIMIT = 15
    E_READ_ONLY = 16


class Mode(IntEnum):
    """``vram_mode``: ``VRAM_MODE_*`` without the prefix."""

    INFERENCE = 1
    FULL_FT = 2
    LORA = 3
    QLORA = 4


class Engine(IntEnum):
    """``vram_engine``: ``VRAM_ENGINE_*`` without the prefix."""

    TRANSFORMERS = 1
    VLLM = 2
    LLAMA_CPP = 3


class DType(IntEnum):
    """``vram_dtype``: ``VRAM_DTYPE_*`` without the prefix."""

    AUTO = 0
    F32 = 1
    F16 = 2
    BF16 = 3
    FP8_E4M3 = 4
    FP8_E5M2 = 5
    INT8 = 6
    INT4 = 7
    Q8_0 = 8
    Q4_0 = 9
    Q4_1 = 10
    Q5_0 = 11
    Q5_1 = 12
    IQ4_NL = 13


class Quant(IntEnum):
    """``vram_quant``: ``VRAM_QUANT_*`` without the prefix."""

    AUTO = 0
    NONE = 1
    GPTQ = 2
    AWQ = 3
    BNB_NF4 = 4
    BNB_FP4 = 5
    BNB_INT8 = 6
    FP8 = 7
    MXFP4 = 8
    INT = 9
    GGUF = 10


class GgufFtype(IntEnum):
    """``vram_gguf_ftype``: ``VRAM_GGUF_*`` without the prefix."""

    F32 = 0
    F16 = 1
    Q4_0 = 2
    Q4_1 = 3
    Q8_0 = 7
    Q5_0 = 8
    Q5_1 = 9
    Q2_K = 10
    Q3_K_S = 11
    Q3_K_M = 12
    Q3_K_L = 13
    Q4_K_S = 14
    Q4_K_M = 15
    Q5_K_S = 16
    Q5_K_M = 17
    Q6_K = 18
    IQ4_NL = 25
    IQ4_XS = 30
    BF16 = 32
    MXFP4_MOE = 38


class Attention(IntEnum):
    """``vram_attention``: ``VRAM_ATTN_*`` without the prefix."""

    AUTO = 0
    EAGER = 1
    SDPA = 2
    FLASH = 3


class Logits(IntEnum):
    """``vram_logits``: ``VRAM_LOGITS_*`` without the prefix."""

    LAST = 1
    ALL = 2


class Precision(IntEnum):
    """``vram_precision``: ``VRAM_PREC_*`` without the prefix."""

    FP32 = 1
    AMP_BF16 = 2
    AMP_FP16 = 3
    BF16_MASTER = 4
    FP16_MASTER = 5
    BF16_PURE = 6


class Optimizer(IntEnum):
    """``vram_optimizer``: ``VRAM_OPT_*`` without the prefix."""

    ADAMW = 1
    ADAMW_8BIT = 2
    PAGED_ADAMW_8BIT = 3
    PAGED_ADAMW_32BIT = 4
    ADAFACTOR = 5
    SGD = 6
    SGD_MOMENTUM = 7
    LION = 8
    ADAFACTOR_MOMENTUM = 9


class Kind(IntEnum):
    """``vram_kind``: ``VRAM_KIND_*`` without the prefix."""

    NONE = 0
    EXACT = 1
    MODELLED = 2
    EMPIRICAL = 3


class Mlp(IntEnum):
    """``vram_mlp``: ``VRAM_MLP_*`` without the prefix."""

    GATED = 1
    PLAIN = 2


class Norm(IntEnum):
    """``vram_norm``: ``VRAM_NORM_*`` without the prefix."""

    RMS = 1
    LAYER = 2
    LAYER_NO_BIAS = 3
    NONPARAM = 4


class Family(IntEnum):
    """``vram_family``: ``VRAM_FAMILY_*`` without the prefix."""

    LLAMA = 1
    MIXTRAL = 2
    GPT2 = 3
    GPTJ = 4
    GPT_NEOX = 5
    FALCON = 6
    MPT = 7
    PHI3 = 8
    QWEN1 = 9
    DEEPSEEK = 10
    PHI = 11
    GPT_OSS = 12


class LayerAttention(IntEnum):
    """``vram_layer_attention``: ``VRAM_LAYER_ATTN_*`` without the prefix."""

    FULL = 1
    SLIDING = 2


class LayerMlp(IntEnum):
    """``vram_layer_mlp``: ``VRAM_LAYER_MLP_*`` without the prefix."""

    DENSE = 1
    MOE = 2


class ModuleName(IntEnum):
    """``vram_module_name``: ``VRAM_MODULE_*`` without the prefix."""

    Q_PROJ = 0
    K_PROJ = 1
    V_PROJ = 2
    O_PROJ = 3
    GATE_PROJ = 4
    UP_PROJ = 5
    DOWN_PROJ = 6
    QKV_PROJ = 7
    GATE_UP_PROJ = 8
    C_ATTN = 9
    C_PROJ = 10
    C_FC = 11
    QUERY_KEY_VALUE = 12
    DENSE = 13
    DENSE_H_TO_4H = 14
    DENSE_4H_TO_H = 15
    OUT_PROJ = 16
    FC_IN = 17
    FC_OUT = 18
    WQKV = 19
    W1 = 20
    W2 = 21
    W3 = 22
    Q_A_PROJ = 23
    Q_B_PROJ = 24
    KV_A_PROJ = 25
    KV_B_PROJ = 26
    GATE = 27
    FC1 = 28
    FC2 = 29
    EMBED_TOKENS = 30
    LM_HEAD = 31
    SHARED_EXPERT_GATE = 32


class ModelKey(IntEnum):
    """``vram_model_key``: ``VRAM_MODEL_*`` without the prefix."""

    NUM_LAYERS = 100
    HIDDEN_SIZE = 101
    NUM_HEADS = 102
    NUM_KV_HEADS = 103
    HEAD_DIM = 104
    INTERMEDIATE_SIZE = 105
    VOCAB_SIZE = 106
    TIE_WORD_EMBEDDINGS = 107
    MAX_POSITION_EMBEDDINGS = 108
    V_HEAD_DIM = 109
    LEARNED_POSITIONS = 110
    FAMILY = 200
    MLP_KIND = 201
    NORM_KIND = 202
    NORMS_PER_LAYER = 203
    QKV_BIAS = 204
    O_BIAS = 205
    MLP_BIAS = 206
    QK_NORM = 207
    PARALLEL_ATTN = 208
    LM_HEAD_BIAS = 209
    FUSED_QKV = 210
    FUSED_GATE_UP = 211
    FINAL_NORM = 212
    NUM_EXPERTS = 300
    EXPERTS_PER_TOKEN = 301
    MOE_INTERMEDIATE_SIZE = 302
    NUM_SHARED_EXPERTS = 303
    SHARED_INTERMEDIATE_SIZE = 304
    FIRST_K_DENSE = 305
    MOE_LAYER_STEP = 306
    ROUTER_BIAS = 307
    SHARED_EXPERT_GATE = 308
    Q_LORA_RANK = 400
    KV_LORA_RANK = 401
    QK_NOPE_HEAD_DIM = 402
    QK_ROPE_HEAD_DIM = 403
    SLIDING_WINDOW = 500
    SLIDING_PATTERN = 501
    EXTRA_PARAMS = 600
    PARAMS_OVERRIDE = 601
    WEIGHT_DTYPE = 700
    QUANT = 701
    QUANT_BITS = 702
    QUANT_GROUP_SIZE = 703
    QUANT_DOUBLE_QUANT = 704
    QUANT_BLOCK_SIZE = 705
    QUANT_LM_HEAD = 706
    PARAMS_TOTAL = 900
    PARAMS_ACTIVE = 901
    PARAMS_EMBEDDING = 902
    KV_ELEMENTS_PER_TOKEN = 903
    NUM_SLIDING_LAYERS = 904
    NUM_MOE_LAYERS = 905
    FILE_WEIGHT_BYTES = 906


class LayerKey(IntEnum):
    """``vram_layer_key``: ``VRAM_LAYER_*`` without the prefix."""

    ATTENTION = 1
    MLP = 2


class ConfigKey(IntEnum):
    """``vram_config_key``: ``VRAM_CFG_*`` without the prefix."""

    ENGINE = 100
    BATCH_SIZE = 101
    SEQ_LEN = 102
    PROMPT_LEN = 103
    DTYPE = 104
    KV_DTYPE = 105
    QUANT = 106
    QUANT_BITS = 107
    QUANT_GROUP_SIZE = 108
    DOUBLE_QUANT = 109
    GGUF_FTYPE = 110
    ATTENTION = 111
    LOGITS = 112
    PRECISION = 200
    OPTIMIZER = 201
    GRADIENT_CHECKPOINTING = 202
    GRAD_ACCUM_STEPS = 203
    FP32_GRAD_BUFFER = 204
    DROPOUT = 205
    LORA_RANK = 210
    LORA_ALPHA = 211
    LORA_TARGETS = 212
    LORA_ALL_LINEAR = 213
    LORA_DTYPE = 214
    DORA = 215
    TRAINABLE_EMBEDDINGS = 216
    UPCAST_NON_LINEAR = 217
    LORA_DROPOUT = 218
    TP = 300
    PP = 301
    DP = 302
    EP = 303
    ZERO_STAGE = 304
    FSDP = 305
    OFFLOAD_OPTIMIZER = 306
    OFFLOAD_PARAMS = 307
    SEQUENCE_PARALLEL = 308
    PP_MICROBATCHES = 309
    GPU = 400
    GPU_MEMORY_BYTES = 401
    GPU_MEMORY_UTILIZATION = 402
    MAX_NUM_BATCHED_TOKENS = 500
    MAX_NUM_SEQS = 501
    BLOCK_SIZE = 502
    MAX_MODEL_LEN = 503
    ENFORCE_EAGER = 504
    N_CTX = 600
    N_BATCH = 601
    N_UBATCH = 602
    N_SEQ = 603
    N_GPU_LAYERS = 604
    TYPE_K = 605
    TYPE_V = 606
    FLASH_ATTN = 607
    SWA_FULL = 608
    KV_UNIFIED = 609
    CUDA_CONTEXT_BYTES = 700
    WORKSPACE_BYTES = 701
    ALLOCATOR_SLACK = 702
    NON_TORCH_BYTES = 703
    COMM_BUFFER_BYTES = 704
    CUDA_GRAPH_BYTES = 705


class ValueType(IntEnum):
    """``vram_value_type``: ``VRAM_TYPE_*`` without the prefix."""

    U64 = 1
    F64 = 2


class Part(IntEnum):
    """``vram_part``: ``VRAM_PART_*`` without the prefix."""

    TOTAL = 0
    WEIGHTS = 1
    QUANT_METADATA = 2
    KV_CACHE = 3
    ACTIVATIONS = 4
    LOGITS = 5
    GRADIENTS = 6
    OPTIMIZER_STATES = 7
    MASTER_WEIGHTS = 8
    ADAPTER_WEIGHTS = 9
    CUDA_CONTEXT = 10
    WORKSPACE = 11
    ALLOCATOR_SLACK = 12
    COMM_BUFFERS = 13
    CUDA_GRAPHS = 14
    DEQUANT_BUFFER = 15
    WEIGHT_COPIES = 16


class ResultKey(IntEnum):
    """``vram_result_key``: ``VRAM_RES_*`` without the prefix."""

    PARAMS_TOTAL = 100
    PARAMS_ACTIVE = 101
    PARAMS_TRAINABLE = 102
    NUM_DEVICES = 103
    PEAK_DEVICE_BYTES = 104
    PEAK_DEVICE = 105
    HOST_BYTES = 106
    MODE = 107
    ENGINE = 108
    WARNINGS = 109
    KV_BYTES_PER_TOKEN = 110
    DTYPE = 111
    KV_DTYPE = 112
    QUANT = 113
    BATCH_SIZE = 114
    SEQ_LEN = 115
    WEIGHT_BITS = 116
    VLLM_REQUESTED_BYTES = 200
    VLLM_NON_KV_BYTES = 201
    VLLM_AVAILABLE_KV_BYTES = 202
    VLLM_NUM_GPU_BLOCKS = 203
    VLLM_KV_CACHE_TOKENS = 204
    VLLM_MAX_CONCURRENCY = 205
    VLLM_FITS = 206
    VLLM_MAX_MODEL_LEN_THAT_FITS = 207
    VLLM_PAGE_BYTES = 208
    VLLM_MIN_KV_BYTES = 209
    VLLM_MAX_KV_BYTES = 210
    VLLM_RECOMMENDED_BYTES = 211
    VLLM_MAX_NUM_BATCHED_TOKENS = 212
    VLLM_MAX_NUM_SEQS = 213
    LLAMA_MODEL_BUFFER_BYTES = 300
    LLAMA_KV_BUFFER_BYTES = 301
    LLAMA_COMPUTE_BUFFER_BYTES = 302
    LLAMA_HOST_BUFFER_BYTES = 303
    LLAMA_N_CTX = 304
    FIT_DEVICE_BYTES = 400
    FIT_FITS = 401
    FIT_GPUS_NEEDED = 402
    FIT_COST_PER_HOUR = 403
    FIT_DECODE_TOKENS_PER_S = 404


class Warning(IntFlag):
    """``vram_warning``: ``VRAM_WARN_*`` without the prefix."""

    SEQ_EXCEEDS_CONTEXT = 1 << 0
    ARCH_ESTIMATED = 1 << 1
    KV_HEADS_REPLICATED = 1 << 2
    DOES_NOT_FIT = 1 << 3
    LORA_TARGET_MISSING = 1 << 4
    QUANT_APPROXIMATE = 1 << 5
    VERY_LARGE_MODEL = 1 << 6
    VLLM_NO_KV_ROOM = 1 << 7
    HOST_MEMORY = 1 << 8
    UNKNOWN_DEVICE = 1 << 9
    VLLM_LOW_CONCURRENCY = 1 << 10


class GpuKey(IntEnum):
    """``vram_gpu_key``: ``VRAM_GPU_*`` without the prefix."""

    NAME = 1
    ALIASES = 2
    VENDOR = 3
    ARCHITECTURE = 4
    SOURCE = 5
    PRICE_DATE = 6
    MEMORY_BYTES = 100
    CUDA_CONTEXT_BYTES = 101
    USABLE_BYTES = 102
    BANDWIDTH = 200
    TFLOPS_FP16 = 201
    TFLOPS_BF16 = 202
    TFLOPS_FP8 = 203
    PRICE_PER_HOUR = 204


#: C enum type name -> (Python class, prefix the Python names drop).
C_ENUMS = {
    "vram_status": (Status, "VRAM_"),
    "vram_mode": (Mode, "VRAM_MODE_"),
    "vram_engine": (Engine, "VRAM_ENGINE_"),
    "vram_dtype": (DType, "VRAM_DTYPE_"),
    "vram_quant": (Quant, "VRAM_QUANT_"),
    "vram_gguf_ftype": (GgufFtype, "VRAM_GGUF_"),
    "vram_attention": (Attention, "VRAM_ATTN_"),
    "vram_logits": (Logits, "VRAM_LOGITS_"),
    "vram_precision": (Precision, "VRAM_PREC_"),
    "vram_optimizer": (Optimizer, "VRAM_OPT_"),
    "vram_kind": (Kind, "VRAM_KIND_"),
    "vram_mlp": (Mlp, "VRAM_MLP_"),
    "vram_norm": (Norm, "VRAM_NORM_"),
    "vram_family": (Family, "VRAM_FAMILY_"),
    "vram_layer_attention": (LayerAttention, "VRAM_LAYER_ATTN_"),
    "vram_layer_mlp": (LayerMlp, "VRAM_LAYER_MLP_"),
    "vram_module_name": (ModuleName, "VRAM_MODULE_"),
    "vram_model_key": (ModelKey, "VRAM_MODEL_"),
    "vram_layer_key": (LayerKey, "VRAM_LAYER_"),
    "vram_config_key": (ConfigKey, "VRAM_CFG_"),
    "vram_value_type": (ValueType, "VRAM_TYPE_"),
    "vram_part": (Part, "VRAM_PART_"),
    "vram_result_key": (ResultKey, "VRAM_RES_"),
    "vram_warning": (Warning, "VRAM_WARN_"),
    "vram_gpu_key": (GpuKey, "VRAM_GPU_"),
}
