"""vramest: how much GPU memory a large language model needs.

A thin ctypes layer over the libvramest C ABI (``vramest.h``); every number
comes from the C library. The library is loaded from ``VRAMEST_LIBRARY`` (a
path) or found with ``ctypes.util.find_library("vramest")``; its major
version must be the one this binding was written for.

    >>> import vramest
    >>> with vramest.Model(num_layers=32, hidden_size=4096, num_heads=32,
    ...                    num_kv_heads=8, intermediate_size=14336,
    ...                    vocab_size=128256) as m, \\
    ...      vramest.Config(seq_len=4096, dtype="bfloat16") as c:
    ...     r = vramest.estimate_inference(m, c)
    ...     r.bytes(vramest.Part.KV_CACHE)
    536870912

Errors raise :class:`VramError` (``.code``, ``.name``, ``.message``).
Handles (:class:`Model`, :class:`Config`, :class:`Result`) free their C
object on :meth:`close`, at the end of a ``with`` block, or when collected;
using a closed handle raises :class:`ValueError`. Estimates and solvers only
read the model and config, so threads may share them (each with its own
result); setters need exclusive use. See the manual page "Bindings".
"""

import json
import os
import weakref
from ctypes import byref, c_char_p, c_double, c_int, c_size_t, c_uint32, c_uint64, \
    create_string_buffer, string_at

from . import _native
from ._enums import (Attention, ConfigKey, DType, Engine, Family, GgufFtype, GpuKey, Kind,
                     LayerAttention, LayerKey, LayerMlp, Logits, Mlp, Mode, ModelKey, ModuleName,
                     Norm, Optimizer, Part, Precision, Quant, ResultKey, Status, ValueType,
                     Warning)
from ._native import ConfigP, MissingFunctionError, ModelP, ResultP, VramError, \
    status_name, strerror

_lib = _native.lib

#: The loaded library's version string, e.g. "0.1.0".
__version__ = _native.version_string()

#: Where the library was loaded from (VRAMEST_LIBRARY, or find_library's name).
library_path = _lib.path

__all__ = [
    # enums (vramest.h)
    "Status", "Mode", "Engine", "DType", "Quant", "GgufFtype", "Attention", "Logits",
    "Precision", "Optimizer", "Kind", "Mlp", "Norm", "Family", "LayerAttention", "LayerMlp",
    "ModuleName", "ModelKey", "LayerKey", "ConfigKey", "ValueType", "Part", "ResultKey",
    "Warning", "GpuKey",
    # errors
    "VramError", "MissingFunctionError", "status_name", "strerror", "warning_text",
    # handles, estimates, solvers
    "Model", "Config", "Result",
    "estimate", "estimate_inference", "estimate_full_ft", "estimate_lora", "estimate_qlora",
    "solve_max_batch", "solve_max_seq_len", "solve_min_gpus", "solve_best_quant",
    "solve_needs_checkpointing",
    # catalogs, JSON API, library
    "gpus", "gpu", "gpu_find", "GPU_FIELDS", "presets", "api_call", "api_call_status",
    "api_call_text",
    "version_number", "has_function", "library_path",
]

_U64_LIMIT = 1 << 64
_U32_LIMIT = 1 << 32


def version_number():
    """``vram_version_number()`` of the loaded library (MAJOR*10000 + MINOR*100 + PATCH)."""
    return _lib.vram_version_number()


def has_function(name):
    """Whether the loaded library exports the C function ``name`` (e.g. "vram_api_call")."""
    if not any(row[0] == name for row in _native.FUNCTIONS):
        raise ValueError(f"{name!r} is not a function of vramest.h")
    return name not in _lib.missing


def warning_text(warning):
    """The sentence of one :class:`Warning` bit (``vram_warning_text``)."""
    text = _lib.vram_warning_text(int(warning))
    if text is None:
        raise ValueError(f"{warning!r} is not a single known warning bit")
    return text.decode("utf-8")


# ------------------------------------------------------------------ helpers

def _u64(value, what):
    """A Python number as a uint64_t; integral floats (80e9) are accepted."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        raise TypeError(f"{what} must be an int, got {type(value).__name__}")
    if not 0 <= value < _U64_LIMIT:
        raise ValueError(f"{what} must be in [0, 2**64), got {value}")
    return value


def _u32(value, what):
    value = _u64(value, what)
    if value >= _U32_LIMIT:
        raise ValueError(f"{what} must be in [0, 2**32), got {value}")
    return value


def _text(value, what):
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    raise TypeError(f"{what} must be str or bytes, got {type(value).__name__}")


def _enum(cls, value, what):
    """An enum argument: a member, its int, or its Python member name (any case)."""
    if isinstance(value, str):
        try:
            return cls[value.upper()]
        except KeyError:
            raise ValueError(f"unknown {what} {value!r} (one of: "
                             f"{', '.join(m.name.lower() for m in cls)})") from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be a {cls.__name__}, int or str, "
                        f"got {type(value).__name__}")
    return value


def _member(cls, value):
    try:
        return cls(value)
    except ValueError:
        return value


def _handle(obj, cls):
    if not isinstance(obj, cls):
        raise TypeError(f"expected a vramest.{cls.__name__}, got {type(obj).__name__}")
    return obj._as_parameter_


def _grow(call, what):
    """Call ``call(buf, cap, byref(needed))`` with a buffer grown to ``needed``.

    Returns (status, text). VRAM_E_BUFFER_TOO_SMALL twice with a buffer of
    the size the library asked for is a library bug and raises VramError.
    """
    cap = 16384
    for _ in range(4):
        buf = create_string_buffer(cap)
        needed = c_size_t(0)
        status = call(buf, cap, byref(needed))
        if status == Status.E_BUFFER_TOO_SMALL and needed.value > cap:
            cap = needed.value
            continue
        if status == Status.E_BUFFER_TOO_SMALL:
            raise _native.error(status, what)
        return status, string_at(buf, needed.value - 1).decode("utf-8") if needed.value else ""
    raise VramError(Status.E_BUFFER_TOO_SMALL,
                    f"{what} kept asking for a larger buffer (last: {cap} bytes)", what)


# ------------------------------------------------------------------ handles

class _Handle:
    """An owned C handle: freed by close(), ``with``, or garbage collection."""

    _ptr_type = None
    _destroy = None
    _what = "handle"

    def _adopt(self, ptr):
        self._p = ptr
        self._fin = weakref.finalize(self, getattr(_lib, self._destroy), ptr)
        return self

    @classmethod
    def _new(cls, create, *args):
        """A handle from a C constructor ``create(*args, out)``."""
        ptr = cls._ptr_type()
        create(*args, byref(ptr))
        obj = cls.__new__(cls)
        return obj._adopt(ptr)

    def close(self):
        """Free the C object now. Closing again does nothing."""
        fin = getattr(self, "_fin", None)
        if fin is not None:
            fin()

    @property
    def closed(self):
        """True once :meth:`close` ran (or the object was never created)."""
        fin = getattr(self, "_fin", None)
        return fin is None or not fin.alive

    @property
    def _as_parameter_(self):
        """The C pointer, for ctypes; ValueError once closed."""
        if self.closed:
            raise ValueError(f"{self._what} is closed")
        return self._p

    def __enter__(self):
        self._as_parameter_  # entering a closed handle raises ValueError
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class Model(_Handle):
    """A model architecture (``vram_model``).

    ``Model()`` is empty (shapes 0, llama family, RMSNorm, gated MLP, bf16);
    keyword arguments set keys by name (``Model(num_layers=32, ...)``), and
    ``name=`` the display name. The ``from_*`` class methods read a source.
    """

    _ptr_type = ModelP
    _destroy = "vram_model_destroy"
    _what = "model"

    def __init__(self, name=None, **keys):
        ptr = ModelP()
        _lib.vram_model_create(byref(ptr))
        self._adopt(ptr)
        try:
            if name is not None:
                self.name = name
            for key, value in keys.items():
                self.set(key, value)
        except BaseException:
            self.close()
            raise

    # sources
    @classmethod
    def from_preset(cls, name):
        """A built-in architecture by Hugging Face id or alias (``vram_model_from_preset``)."""
        return cls._new(_lib.vram_model_from_preset, _text(name, "name"))

    @classmethod
    def from_hf_config(cls, config):
        """From a ``config.json`` document: str, bytes or an already parsed dict."""
        if isinstance(config, dict):
            config = json.dumps(config)
        data = _text(config, "config")
        return cls._new(_lib.vram_model_from_hf_config, data, len(data))

    @classmethod
    def from_hf_config_file(cls, path):
        """From a ``config.json`` file (``vram_model_from_hf_config_file``)."""
        return cls._new(_lib.vram_model_from_hf_config_file, os.fsencode(path))

    @classmethod
    def from_gguf_file(cls, path):
        """From a GGUF file's header; tensor data is not read."""
        return cls._new(_lib.vram_model_from_gguf_file, os.fsencode(path))

    @classmethod
    def from_gguf_buffer(cls, data):
        """From the first bytes (at least the header) of a GGUF file in memory."""
        data = bytes(data)
        return cls._new(_lib.vram_model_from_gguf_buffer, data, len(data))

    @classmethod
    def from_safetensors_file(cls, path):
        """From a ``.safetensors`` header or a ``model.safetensors.index.json``."""
        return cls._new(_lib.vram_model_from_safetensors_file, os.fsencode(path))

    @classmethod
    def from_safetensors_buffer(cls, data):
        """From a safetensors file's 8-byte length and JSON header in memory."""
        data = bytes(data)
        return cls._new(_lib.vram_model_from_safetensors_buffer, data, len(data))

    @classmethod
    def from_param_count(cls, params):
        """An estimated Llama-style architecture for ``params`` parameters (e.g. 7e9)."""
        if isinstance(params, bool) or not isinstance(params, (int, float)):
            raise TypeError(f"params must be a number, got {type(params).__name__}")
        return cls._new(_lib.vram_model_from_param_count, float(params))

    def clone(self):
        """A deep copy (``vram_model_clone``)."""
        return self._new(_lib.vram_model_clone, self._as_parameter_)

    # keys
    @staticmethod
    def key(key):
        """A :class:`ModelKey` from a member, its int or its name ("hidden_size")."""
        if isinstance(key, str):
            out = c_int()
            _lib.vram_model_key_from_name(key.encode("utf-8"), byref(out))
            return _member(ModelKey, out.value)
        return _enum(ModelKey, key, "model key")

    def set(self, key, value):
        """Set a key; a str value goes through ``vram_model_set_str`` ("gptq",
        "rmsnorm", "bfloat16"...), an int through ``vram_model_set_u64``.
        Returns self."""
        h, k = self._as_parameter_, self.key(key)
        if isinstance(value, str):
            _lib.vram_model_set_str(h, k, value.encode("utf-8"))
        else:
            _lib.vram_model_set_u64(h, k, _u64(value, f"model key {key!r}"))
        return self

    def get(self, key):
        """Read a key, derived read-only keys included ("params_total")."""
        h, k = self._as_parameter_, self.key(key)
        out = c_uint64()
        _lib.vram_model_get_u64(h, k, byref(out))
        return out.value

    def set_layer(self, layer, key, value):
        """Set one layer's attention or MLP type (``LayerKey``, "attention" or
        "mlp"; ``LayerAttention``/``LayerMlp`` value). Returns self."""
        h = self._as_parameter_
        _lib.vram_model_set_layer_u64(h, _u32(layer, "layer"), _enum(LayerKey, key, "layer key"),
                                      _u64(value, "value"))
        return self

    def get_layer(self, layer, key):
        """One layer's attention or MLP type, as an int (1 or 2)."""
        h = self._as_parameter_
        out = c_uint64()
        _lib.vram_model_get_layer_u64(h, _u32(layer, "layer"), _enum(LayerKey, key, "layer key"),
                                      byref(out))
        return out.value

    @property
    def name(self):
        """The display name ("" if none); assign to set it (at most 127 bytes)."""
        return _lib.vram_model_name(self._as_parameter_).decode("utf-8")

    @name.setter
    def name(self, value):
        _lib.vram_model_set_name(self._as_parameter_, _text(value, "name"))

    def validate(self):
        """Raise :class:`VramError` unless the model is complete and consistent."""
        _lib.vram_model_validate(self._as_parameter_)

    def __repr__(self):
        if self.closed:
            return "<vramest.Model (closed)>"
        return f"<vramest.Model {self.name!r}>"


def _config_key_type(key):
    out = c_int()
    _lib.vram_config_key_bounds(key, byref(out), None, None)
    return out.value


class Config(_Handle):
    """A workload (``vram_config``) holding the documented defaults.

    Keyword arguments set keys by name:
    ``Config(seq_len=8192, gpu="H100-80GB", dtype="bfloat16")``.
    """

    _ptr_type = ConfigP
    _destroy = "vram_config_destroy"
    _what = "config"

    def __init__(self, **settings):
        ptr = ConfigP()
        _lib.vram_config_create(byref(ptr))
        self._adopt(ptr)
        try:
            for key, value in settings.items():
                self.set(key, value)
        except BaseException:
            self.close()
            raise

    def clone(self):
        """A deep copy (``vram_config_clone``)."""
        return self._new(_lib.vram_config_clone, self._as_parameter_)

    @staticmethod
    def key(key):
        """A :class:`ConfigKey` from a member, its int or its name ("seq_len")."""
        if isinstance(key, str):
            out = c_int()
            _lib.vram_config_key_from_name(key.encode("utf-8"), byref(out))
            return _member(ConfigKey, out.value)
        return _enum(ConfigKey, key, "config key")

    @classmethod
    def key_bounds(cls, key):
        """(ValueType, min, max) of a key (``vram_config_key_bounds``)."""
        t, lo, hi = c_int(), c_double(), c_double()
        _lib.vram_config_key_bounds(cls.key(key), byref(t), byref(lo), byref(hi))
        return _member(ValueType, t.value), lo.value, hi.value

    def set(self, key, value):
        """Set a key. A str goes through ``vram_config_set_str`` (enum names,
        GPU names, "q_proj,v_proj", numbers); numbers go to the f64 or u64
        setter by the key's type. Returns self."""
        h, k = self._as_parameter_, self.key(key)
        if isinstance(value, str):
            _lib.vram_config_set_str(h, k, value.encode("utf-8"))
        elif _config_key_type(k) == ValueType.F64:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"config key {key!r} takes a float, got {type(value).__name__}")
            _lib.vram_config_set_f64(h, k, float(value))
        else:
            _lib.vram_config_set_u64(h, k, _u64(value, f"config key {key!r}"))
        return self

    def get(self, key):
        """A key's value: int, or float for f64 keys; unset "auto" keys read 0."""
        h, k = self._as_parameter_, self.key(key)
        if _config_key_type(k) == ValueType.F64:
            out = c_double()
            _lib.vram_config_get_f64(h, k, byref(out))
        else:
            out = c_uint64()
            _lib.vram_config_get_u64(h, k, byref(out))
        return out.value

    def unset(self, key):
        """Return a key to its default. Returns self."""
        _lib.vram_config_unset(self._as_parameter_, self.key(key))
        return self

    def is_set(self, key):
        """Whether the key was set explicitly."""
        h, k = self._as_parameter_, self.key(key)
        out = c_int()
        _lib.vram_config_is_set(h, k, byref(out))
        return bool(out.value)

    def __repr__(self):
        return "<vramest.Config (closed)>" if self.closed else "<vramest.Config>"


class Result(_Handle):
    """The parts of an estimate per device (``vram_result``), reusable.

    Part arguments take a :class:`Part`, its int, or its name ("kv_cache");
    result keys a :class:`ResultKey`, its int, or its member name
    ("peak_device_bytes", "vllm_num_gpu_blocks").
    """

    _ptr_type = ResultP
    _destroy = "vram_result_destroy"
    _what = "result"

    def __init__(self):
        ptr = ResultP()
        _lib.vram_result_create(byref(ptr))
        self._adopt(ptr)

    def bytes(self, part=Part.TOTAL, device=0):
        """Bytes of one part on one device (expected value)."""
        h = self._as_parameter_
        out = c_uint64()
        _lib.vram_result_bytes(h, _u32(device, "device"), _enum(Part, part, "part"), byref(out))
        return out.value

    def band(self, part=Part.TOTAL, device=0):
        """(low, high) bytes the library stands behind for one part."""
        h = self._as_parameter_
        lo, hi = c_uint64(), c_uint64()
        _lib.vram_result_band(h, _u32(device, "device"), _enum(Part, part, "part"), byref(lo),
                              byref(hi))
        return lo.value, hi.value

    def kind(self, part):
        """How a part was obtained: a :class:`Kind` (NONE when absent)."""
        h = self._as_parameter_
        out = c_int()
        _lib.vram_result_kind(h, _enum(Part, part, "part"), byref(out))
        return _member(Kind, out.value)

    def get(self, key):
        """A scalar output: int, or float for the f64 keys."""
        h, k = self._as_parameter_, _enum(ResultKey, key, "result key")
        out = c_uint64()
        try:
            _lib.vram_result_get_u64(h, k, byref(out))
        except VramError as e:
            if e.code != Status.E_TYPE:
                raise
            d = c_double()
            _lib.vram_result_get_f64(h, k, byref(d))
            return d.value
        return out.value

    def to_json(self):
        """The result as JSON text (``vram_result_to_json``)."""
        h = self._as_parameter_
        status, text = _grow(lambda buf, cap, need: _lib.vram_result_to_json(h, buf, cap, need),
                             "vram_result_to_json")
        if status != Status.OK:
            raise _native.error(status, "vram_result_to_json")
        return text

    def to_dict(self):
        """The result as a dict (``to_json`` parsed by the json module)."""
        return json.loads(self.to_json())

    def __repr__(self):
        return "<vramest.Result (closed)>" if self.closed else "<vramest.Result>"


# ------------------------------------------------------------------ estimates

def _estimate(fn, model, config, result, *mode):
    m, c = _handle(model, Model), _handle(config, Config)
    own = result is None
    if own:
        result = Result()
    try:
        fn(m, c, *mode, _handle(result, Result))
    except BaseException:
        if own:
            result.close()
        raise
    return result


def estimate_inference(model, config, result=None):
    """Serving memory; fills ``result`` (or a new :class:`Result`) and returns it."""
    return _estimate(_lib.vram_estimate_inference, model, config, result)


def estimate_full_ft(model, config, result=None):
    """Full fine-tuning memory; fills and returns a :class:`Result`."""
    return _estimate(_lib.vram_estimate_full_ft, model, config, result)


def estimate_lora(model, config, result=None):
    """LoRA training memory; fills and returns a :class:`Result`."""
    return _estimate(_lib.vram_estimate_lora, model, config, result)


def estimate_qlora(model, config, result=None):
    """QLoRA training memory; fills and returns a :class:`Result`."""
    return _estimate(_lib.vram_estimate_qlora, model, config, result)


def estimate(model, config, mode, result=None):
    """One of the four estimates by :class:`Mode` (member, int or "lora")."""
    return _estimate(_lib.vram_estimate, model, config, result, _enum(Mode, mode, "mode"))


# ------------------------------------------------------------------ solvers

def solve_max_batch(model, config, mode, budget_bytes):
    """The largest batch whose peak device fits ``budget_bytes``."""
    out = c_uint64()
    _lib.vram_solve_max_batch(_handle(model, Model), _handle(config, Config),
                              _enum(Mode, mode, "mode"), _u64(budget_bytes, "budget_bytes"),
                              byref(out))
    return out.value


def solve_max_seq_len(model, config, mode, budget_bytes):
    """The longest sequence (tokens) whose peak device fits ``budget_bytes``."""
    out = c_uint64()
    _lib.vram_solve_max_seq_len(_handle(model, Model), _handle(config, Config),
                                _enum(Mode, mode, "mode"), _u64(budget_bytes, "budget_bytes"),
                                byref(out))
    return out.value


def solve_min_gpus(model, config, mode, device_bytes, max_devices=65536):
    """The fewest devices of ``device_bytes`` each: returns (tp, pp, devices)."""
    tp, pp, n = c_uint64(), c_uint64(), c_uint64()
    _lib.vram_solve_min_gpus(_handle(model, Model), _handle(config, Config),
                             _enum(Mode, mode, "mode"), _u64(device_bytes, "device_bytes"),
                             _u64(max_devices, "max_devices"), byref(tp), byref(pp), byref(n))
    return tp.value, pp.value, n.value


def solve_best_quant(model, config, budget_bytes):
    """The highest-fidelity weight format that fits: (Quant, bits).

    For ``Quant.GGUF`` the second value is the :class:`GgufFtype`.
    """
    q, bits = c_int(), c_uint64()
    _lib.vram_solve_best_quant(_handle(model, Model), _handle(config, Config),
                               _u64(budget_bytes, "budget_bytes"), byref(q), byref(bits))
    quant = _member(Quant, q.value)
    return quant, _member(GgufFtype, bits.value) if quant == Quant.GGUF else bits.value


def solve_needs_checkpointing(model, config, mode, budget_bytes):
    """True if the training job fits only with gradient checkpointing, False
    if it fits without; VramError (E_DOES_NOT_FIT) if it fits neither way."""
    out = c_int()
    _lib.vram_solve_needs_checkpointing(_handle(model, Model), _handle(config, Config),
                                        _enum(Mode, mode, "mode"),
                                        _u64(budget_bytes, "budget_bytes"), byref(out))
    return bool(out.value)


# ------------------------------------------------------------------ catalogs

#: The fields of a GPU dict: (GpuKey, dict key, type), as ``vramest.h``
#: documents each ``vram_gpu_key`` (tests check this table against it).
GPU_FIELDS = (
    (GpuKey.NAME, "name", str),
    (GpuKey.ALIASES, "aliases", list),
    (GpuKey.VENDOR, "vendor", str),
    (GpuKey.ARCHITECTURE, "architecture", str),
    (GpuKey.SOURCE, "source", str),
    (GpuKey.PRICE_DATE, "price_date", str),
    (GpuKey.MEMORY_BYTES, "memory_bytes", int),
    (GpuKey.CUDA_CONTEXT_BYTES, "cuda_context_bytes", int),
    (GpuKey.USABLE_BYTES, "usable_bytes", int),
    (GpuKey.BANDWIDTH, "bandwidth_gbps", float),
    (GpuKey.TFLOPS_FP16, "tflops_fp16", float),
    (GpuKey.TFLOPS_BF16, "tflops_bf16", float),
    (GpuKey.TFLOPS_FP8, "tflops_fp8", float),
    (GpuKey.PRICE_PER_HOUR, "price_per_hour", float),
)


def _split(aliases):
    return [a.strip() for a in aliases.split(",") if a.strip()]


def gpu(index):
    """Catalog entry ``index`` as a dict: "index" and the fields of
    :data:`GPU_FIELDS` ("aliases" is a list of names)."""
    i = _u32(index, "index")
    row = {"index": i}
    for key, field, kind in GPU_FIELDS:
        if kind in (str, list):
            s = c_char_p()
            _lib.vram_gpu_get_str(i, key, byref(s))
            text = s.value.decode("utf-8")
            row[field] = _split(text) if kind is list else text
        elif kind is int:
            u = c_uint64()
            _lib.vram_gpu_get_u64(i, key, byref(u))
            row[field] = u.value
        else:
            d = c_double()
            _lib.vram_gpu_get_f64(i, key, byref(d))
            row[field] = d.value
    return row


def gpus():
    """The whole GPU catalog, a list of :func:`gpu` dicts."""
    return [gpu(i) for i in range(_lib.vram_gpu_count())]


def gpu_find(name):
    """The catalog GPU with this name or alias (case-insensitive), as a dict;
    VramError E_NOT_FOUND if none."""
    out = c_uint32()
    _lib.vram_gpu_find(_text(name, "name"), byref(out))
    return gpu(out.value)


def presets():
    """The built-in architectures: a list of (Hugging Face id, [aliases])."""
    out = []
    for i in range(_lib.vram_preset_count()):
        pid, aliases = _lib.vram_preset_id(i), _lib.vram_preset_aliases(i)
        out.append((pid.decode("utf-8"), _split(aliases.decode("utf-8") if aliases else "")))
    return out


# ------------------------------------------------------------------ JSON API

def _request(request):
    if isinstance(request, dict):
        request = json.dumps(request)
    return _text(request, "request")


def api_call_text(request):
    """Answer a JSON API request: returns (Status, response text).

    The text is the library's response exactly as ``vram_api_call`` wrote
    it, for a caller that passes it on (an HTTP server); ``request`` is as
    for :func:`api_call_status`. A request error is not raised.
    """
    data = _request(request)
    status, text = _grow(lambda buf, cap, need: _lib.vram_api_call(data, len(data), buf, cap,
                                                                   need),
                         "vram_api_call")
    if not text:
        raise _native.error(status, "vram_api_call")
    return _member(Status, status), text


def api_call_status(request):
    """Answer a JSON API request: returns (Status, response dict).

    ``request`` is JSON text (str or bytes) or a dict. A request error is
    not raised: the status says which error it was and the dict is the
    library's error object ``{"api_version": 1, "error": {"code": ...,
    "message": ...}}``.
    """
    status, text = api_call_text(request)
    return status, json.loads(text)


def api_call(request):
    """Answer a JSON API request and return the response dict, the success
    object or the error object alike (an error object has an "error" key);
    use :func:`api_call_status` to get the status too."""
    return api_call_status(request)[1]
