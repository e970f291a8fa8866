"""Loading libvramest and declaring its functions (ctypes).

Every exported function of ``vramest.h`` has one row in :data:`FUNCTIONS`:
``(name, argtypes, restype, errcheck)``, as llvm's ``clang/cindex.py``
registers its functions. ``restype`` is always set (ctypes' default ``c_int``
would truncate pointers). Functions returning a ``vram_status`` get
:func:`_check`, which turns a failure into :class:`VramError` with the
thread's ``vram_last_error()`` read at once, on the thread that failed.

A row whose symbol the loaded library does not export (an older build) is
replaced by a callable raising :class:`MissingFunctionError`, so the rest of
the binding keeps working and the error names the function and the library.
"""

import ctypes
import ctypes.util
import os
from ctypes import (CDLL, POINTER, c_char, c_char_p, c_double, c_int, c_size_t, c_uint,
                    c_uint32, c_uint64, c_void_p)

from ._enums import Status

#: The libvramest version this binding was written for (MAJOR*10000 +
#: MINOR*100 + PATCH). The loaded library's major version must match.
WRITTEN_FOR = 100


class VramError(Exception):
    """A libvramest call failed.

    Attributes:
        code: the ``vram_status`` as an int (compare with :class:`Status`).
        name: its enumerator name, e.g. ``"VRAM_E_RANGE"``.
        message: ``vram_last_error()`` read right after the failing call on
            the same thread (the library's ``vram_strerror()`` text when the
            library left no message).
        function: the C function that failed, when known.
    """

    def __init__(self, code, message, function=None):
        super().__init__(code, message)
        self.code = int(code)
        self.name = status_name(self.code)
        self.message = message
        self.function = function

    @property
    def status(self):
        """The code as a :class:`Status` (the int itself if unknown)."""
        try:
            return Status(self.code)
        except ValueError:
            return self.code

    def __str__(self):
        where = f" in {self.function}" if self.function else ""
        return f"{self.name}{where}: {self.message}"


class MissingFunctionError(RuntimeError):
    """The loaded libvramest does not export a function this binding wraps.

    Attributes:
        function: the C function's name.
        library: the library that was loaded (path or soname).
    """

    def __init__(self, function, library, version):
        super().__init__(f"{function}() is not exported by {library} (libvramest {version}); "
                         "a libvramest build that has it is needed")
        self.function = function
        self.library = library


class _HandleP(c_void_p):
    """A ``c_void_p`` that only accepts its own handle type.

    ``c_void_p.from_param`` accepts any integer or pointer; these subclasses
    refuse everything but their own kind, so a config can never be passed
    where a model is expected.
    """

    _what = "handle"

    @classmethod
    def from_param(cls, obj):
        obj = getattr(obj, "_as_parameter_", obj)
        if isinstance(obj, cls):
            return obj
        raise TypeError(f"expected a {cls._what}, got {type(obj).__name__}")


class ModelP(_HandleP):
    """``vram_model *``"""
    _what = "vram_model handle"


class ConfigP(_HandleP):
    """``vram_config *``"""
    _what = "vram_config handle"


class ResultP(_HandleP):
    """``vram_result *``"""
    _what = "vram_result handle"


def _check(rc, func, args):
    """errcheck of every ``vram_status`` function: raise on failure."""
    if rc != Status.OK:
        raise error(rc, func.__name__)
    return rc


# C enums are passed as c_int; `const void *` buffers as c_char_p (bytes);
# output buffers as POINTER(c_char) (a create_string_buffer).
_S = c_int          # vram_status and every enum type
_u64p = POINTER(c_uint64)
_ip = POINTER(c_int)
_buf = POINTER(c_char)

#: (name, argtypes, restype, errcheck) for every exported function.
FUNCTIONS = [
    # version and errors
    ("vram_version_number", [], c_uint, None),
    ("vram_version_string", [], c_char_p, None),
    ("vram_strerror", [_S], c_char_p, None),
    ("vram_status_name", [_S], c_char_p, None),
    ("vram_last_error", [], c_char_p, None),
    # model handle
    ("vram_model_create", [POINTER(ModelP)], _S, _check),
    ("vram_model_clone", [ModelP, POINTER(ModelP)], _S, _check),
    ("vram_model_destroy", [ModelP], None, None),
    ("vram_model_set_u64", [ModelP, _S, c_uint64], _S, _check),
    ("vram_model_get_u64", [ModelP, _S, _u64p], _S, _check),
    ("vram_model_set_str", [ModelP, _S, c_char_p], _S, _check),
    ("vram_model_set_layer_u64", [ModelP, c_uint32, _S, c_uint64], _S, _check),
    ("vram_model_get_layer_u64", [ModelP, c_uint32, _S, _u64p], _S, _check),
    ("vram_model_set_name", [ModelP, c_char_p], _S, _check),
    ("vram_model_name", [ModelP], c_char_p, None),
    ("vram_model_validate", [ModelP], _S, _check),
    ("vram_model_key_from_name", [c_char_p, _ip], _S, _check),
    ("vram_model_key_name", [_S], c_char_p, None),
    # model sources
    ("vram_model_from_preset", [c_char_p, POINTER(ModelP)], _S, _check),
    ("vram_preset_count", [], c_uint32, None),
    ("vram_preset_id", [c_uint32], c_char_p, None),
    ("vram_preset_aliases", [c_uint32], c_char_p, None),
    ("vram_model_from_hf_config", [c_char_p, c_size_t, POINTER(ModelP)], _S, _check),
    ("vram_model_from_hf_config_file", [c_char_p, POINTER(ModelP)], _S, _check),
    ("vram_model_from_gguf_file", [c_char_p, POINTER(ModelP)], _S, _check),
    ("vram_model_from_gguf_buffer", [c_char_p, c_size_t, POINTER(ModelP)], _S, _check),
    ("vram_model_from_safetensors_file", [c_char_p, POINTER(ModelP)], _S, _check),
    ("vram_model_from_safetensors_buffer", [c_char_p, c_size_t, POINTER(ModelP)], _S, _check),
    ("vram_model_from_param_count", [c_double, POINTER(ModelP)], _S, _check),
    # config handle
    ("vram_config_create", [POINTER(ConfigP)], _S, _check),
    ("vram_config_clone", [ConfigP, POINTER(ConfigP)], _S, _check),
    ("vram_config_destroy", [ConfigP], None, None),
    ("vram_config_set_u64", [ConfigP, _S, c_uint64], _S, _check),
    ("vram_config_get_u64", [ConfigP, _S, _u64p], _S, _check),
    ("vram_config_set_f64", [ConfigP, _S, c_double], _S, _check),
    ("vram_config_get_f64", [ConfigP, _S, POINTER(c_double)], _S, _check),
    ("vram_config_set_str", [ConfigP, _S, c_char_p], _S, _check),
    ("vram_config_unset", [ConfigP, _S], _S, _check),
    ("vram_config_is_set", [ConfigP, _S, _ip], _S, _check),
    ("vram_config_key_from_name", [c_char_p, _ip], _S, _check),
    ("vram_config_key_name", [_S], c_char_p, None),
    ("vram_config_key_bounds", [_S, _ip, POINTER(c_double), POINTER(c_double)], _S, _check),
    # results
    ("vram_result_create", [POINTER(ResultP)], _S, _check),
    ("vram_result_destroy", [ResultP], None, None),
    ("vram_result_bytes", [ResultP, c_uint32, _S, _u64p], _S, _check),
    ("vram_result_band", [ResultP, c_uint32, _S, _u64p, _u64p], _S, _check),
    ("vram_result_kind", [ResultP, _S, _ip], _S, _check),
    ("vram_result_get_u64", [ResultP, _S, _u64p], _S, _check),
    ("vram_result_get_f64", [ResultP, _S, POINTER(c_double)], _S, _check),
    # VRAM_E_BUFFER_TOO_SMALL is part of the protocol: checked by the caller
    ("vram_result_to_json", [ResultP, _buf, c_size_t, POINTER(c_size_t)], _S, None),
    ("vram_part_name", [_S], c_char_p, None),
    ("vram_result_key_name", [_S], c_char_p, None),
    ("vram_warning_text", [_S], c_char_p, None),
    ("vram_config_enum_name", [_S, c_uint64], c_char_p, None),
    ("vram_model_enum_name", [_S, c_uint64], c_char_p, None),
    # estimates
    ("vram_estimate_inference", [ModelP, ConfigP, ResultP], _S, _check),
    ("vram_estimate_full_ft", [ModelP, ConfigP, ResultP], _S, _check),
    ("vram_estimate_lora", [ModelP, ConfigP, ResultP], _S, _check),
    ("vram_estimate_qlora", [ModelP, ConfigP, ResultP], _S, _check),
    ("vram_estimate", [ModelP, ConfigP, _S, ResultP], _S, _check),
    # solvers
    ("vram_solve_max_batch", [ModelP, ConfigP, _S, c_uint64, _u64p], _S, _check),
    ("vram_solve_max_seq_len", [ModelP, ConfigP, _S, c_uint64, _u64p], _S, _check),
    ("vram_solve_min_gpus", [ModelP, ConfigP, _S, c_uint64, c_uint64, _u64p, _u64p, _u64p],
     _S, _check),
    ("vram_solve_best_quant", [ModelP, ConfigP, c_uint64, _ip, _u64p], _S, _check),
    ("vram_solve_needs_checkpointing", [ModelP, ConfigP, _S, c_uint64, _ip], _S, _check),
    # GPU catalog
    ("vram_gpu_count", [], c_uint32, None),
    ("vram_gpu_find", [c_char_p, POINTER(c_uint32)], _S, _check),
    ("vram_gpu_get_str", [c_uint32, _S, POINTER(c_char_p)], _S, _check),
    ("vram_gpu_get_u64", [c_uint32, _S, _u64p], _S, _check),
    ("vram_gpu_get_f64", [c_uint32, _S, POINTER(c_double)], _S, _check),
    # JSON API: the status is returned to the caller with the response
    ("vram_api_call", [c_char_p, c_size_t, _buf, c_size_t, POINTER(c_size_t)], _S, None),
]


class _Library:
    """The loaded library: one attribute per row of :data:`FUNCTIONS`."""

    def __init__(self, cdll, path):
        self.path = path
        self.missing = set()
        for name, argtypes, restype, errcheck in FUNCTIONS:
            try:
                fn = getattr(cdll, name)
            except AttributeError:
                self.missing.add(name)
                setattr(self, name, self._missing(name))
                continue
            fn.argtypes = argtypes
            fn.restype = restype
            if errcheck is not None:
                fn.errcheck = errcheck
            setattr(self, name, fn)

    def _missing(self, name):
        def call(*args):
            raise MissingFunctionError(name, self.path, version_string())
        call.__name__ = name
        return call


def _open():
    path = os.environ.get("VRAMEST_LIBRARY")
    if path:
        try:
            return CDLL(path), path
        except OSError as e:
            raise ImportError(f"vramest: VRAMEST_LIBRARY={path!r} could not be loaded: {e}") from e
    name = ctypes.util.find_library("vramest")
    if not name:
        raise ImportError("vramest: libvramest was not found; install it where the dynamic "
                          "loader looks, or set VRAMEST_LIBRARY to the path of libvramest.so")
    try:
        return CDLL(name), name
    except OSError as e:
        raise ImportError(f"vramest: {name} (found by ctypes.util.find_library) could not be "
                          f"loaded: {e}") from e


def check_version(path, number, text):
    """Raise ImportError unless version ``number`` has this binding's major version."""
    if number // 10000 != WRITTEN_FOR // 10000:
        raise ImportError(
            f"vramest: {path} is libvramest {text} (vram_version_number() = {number}); "
            f"this binding was written for {WRITTEN_FOR // 10000}.{WRITTEN_FOR // 100 % 100}."
            f"{WRITTEN_FOR % 100} and needs major version {WRITTEN_FOR // 10000}")


def _load():
    cdll, path = _open()
    try:
        number = cdll.vram_version_number
        text = cdll.vram_version_string
    except AttributeError as e:
        raise ImportError(f"vramest: {path} does not export vram_version_number/"
                          "vram_version_string; it is not libvramest") from e
    number.argtypes, number.restype = [], c_uint
    text.argtypes, text.restype = [], c_char_p
    check_version(path, number(), text().decode("utf-8", "replace"))
    return _Library(cdll, path)


lib = _load()


def version_string():
    """``vram_version_string()`` of the loaded library."""
    return lib.vram_version_string().decode("utf-8")


def status_name(code):
    """``vram_status_name()``: ``"VRAM_E_RANGE"`` for 2."""
    return lib.vram_status_name(int(code)).decode("utf-8")


def strerror(code):
    """``vram_strerror()``: the static description of a status."""
    return lib.vram_strerror(int(code)).decode("utf-8")


def error(code, function=None):
    """A :class:`VramError` for a status just returned on this thread.

    Reads ``vram_last_error()`` now: call it before any other library call.
    """
    message = lib.vram_last_error().decode("utf-8", "replace")
    return VramError(code, message or strerror(code), function)
