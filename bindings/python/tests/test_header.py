"""The binding against include/vramest.h: enums, the function table, GPU fields.

The header is parsed here, so a renumbered, added or removed enumerator or
function that the binding does not mirror fails these tests.
"""

import ctypes
import re
import unittest
from ctypes import POINTER, c_char, c_char_p, c_double, c_int, c_size_t, c_uint, c_uint32, \
    c_uint64

import vramest
from vramest import _enums, _native

from support import HEADER


def _strip_comments(text):
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def _eval(expr):
    """An enumerator value: a decimal integer or `1u << n`."""
    m = re.fullmatch(r"(\d+)u?(?:\s*<<\s*(\d+))?", expr.strip())
    if not m:
        raise AssertionError(f"enumerator value {expr!r} is not understood by this test")
    value = int(m.group(1))
    return value << int(m.group(2)) if m.group(2) else value


def header_enums():
    """{enum type name: [(enumerator, value), ...]} in header order."""
    text = HEADER.read_text(encoding="utf-8")
    enums = {}
    for m in re.finditer(r"typedef enum (vram_\w+) \{(.*?)\} \1;", text, re.S):
        items = []
        for item in _strip_comments(m.group(2)).split(","):
            if item.strip():
                name, value = item.split("=")
                items.append((name.strip(), _eval(value)))
        enums[m.group(1)] = items
    return enums


def header_functions():
    """{function name: (return type, [parameter types])} of every VRAM_API function."""
    text = _strip_comments(HEADER.read_text(encoding="utf-8"))
    funcs = {}
    for m in re.finditer(r"VRAM_API[ \t]+([\w \t*]*?)\b(vram_\w+)\s*\(([^)]*)\)\s*;", text):
        ret, name, params = " ".join(m.group(1).split()), m.group(2), m.group(3)
        types = []
        if params.strip() != "void":
            for p in params.split(","):
                p = " ".join(p.split())
                # drop the parameter name: the last identifier
                pm = re.fullmatch(r"(.*?[\s*])(\w+)", p)
                types.append(pm.group(1).replace(" *", "*").replace("* ", "*").strip())
        funcs[name] = (ret.replace(" *", "*").strip(), types)
    return funcs


class TestEnums(unittest.TestCase):
    def test_header_parsed(self):
        enums = header_enums()
        # vramest.h 0.1 has 25 enums; fewer means the parser broke
        self.assertGreaterEqual(len(enums), 25)
        self.assertEqual(dict(enums["vram_status"])["VRAM_E_RANGE"], 2)
        self.assertEqual(dict(enums["vram_warning"])["VRAM_WARN_UNKNOWN_DEVICE"], 512)

    def test_every_header_enum_is_mirrored(self):
        self.assertEqual(set(header_enums()), set(_enums.C_ENUMS))

    def test_names_and_values_match(self):
        for cname, items in header_enums().items():
            cls, prefix = _enums.C_ENUMS[cname]
            with self.subTest(enum=cname):
                expected = {}
                for name, value in items:
                    self.assertTrue(name.startswith(prefix), f"{name} lacks {prefix}")
                    expected[name[len(prefix):]] = value
                mirrored = {m.name: m.value for m in cls.__members__.values()}
                self.assertEqual(mirrored, expected)

    def test_enums_exported(self):
        for cls, _ in _enums.C_ENUMS.values():
            self.assertIs(getattr(vramest, cls.__name__), cls)
            self.assertIn(cls.__name__, vramest.__all__)

    def test_spot_values(self):
        # vramest.h: VRAM_CFG_SEQ_LEN = 102, VRAM_PART_KV_CACHE = 3,
        # VRAM_GGUF_Q4_K_M = 15 (llama.cpp's LLAMA_FTYPE_MOSTLY_Q4_K_M)
        self.assertEqual(vramest.ConfigKey.SEQ_LEN, 102)
        self.assertEqual(vramest.Part.KV_CACHE, 3)
        self.assertEqual(vramest.GgufFtype.Q4_K_M, 15)
        self.assertEqual(vramest.Warning.DOES_NOT_FIT | vramest.Warning.HOST_MEMORY, 8 | 256)


# C parameter/return types of vramest.h -> the ctypes type the table must use
_HANDLES = {"vram_model": _native.ModelP, "vram_config": _native.ConfigP,
            "vram_result": _native.ResultP}
_SCALARS = {"uint64_t": c_uint64, "uint32_t": c_uint32, "double": c_double, "size_t": c_size_t,
            "int": c_int, "unsigned": c_uint}


def expected_ctype(ctype, enums):
    if ctype == "void":
        return None
    const = ctype.startswith("const ")
    base = ctype[6:] if const else ctype
    stars = len(base) - len(base.rstrip("*"))
    base = base.rstrip("*")
    if base in _HANDLES:
        t = _HANDLES[base]
        return t if stars == 1 else POINTER(t)
    if base == "char":
        if stars == 1:
            return c_char_p if const else POINTER(c_char)
        return POINTER(c_char_p)
    if base == "void" and const and stars == 1:
        return c_char_p
    t = c_int if base in enums else _SCALARS[base]
    for _ in range(stars):
        t = POINTER(t)
    return t


class TestFunctionTable(unittest.TestCase):
    def test_every_function_declared_once(self):
        names = [row[0] for row in _native.FUNCTIONS]
        self.assertEqual(len(names), len(set(names)))
        self.assertEqual(set(names), set(header_functions()))

    def test_types_match_header(self):
        enums = set(header_enums())
        funcs = header_functions()
        for name, argtypes, restype, errcheck in _native.FUNCTIONS:
            ret, params = funcs[name]
            with self.subTest(function=name):
                self.assertEqual([expected_ctype(p, enums) for p in params], argtypes)
                self.assertEqual(expected_ctype(ret, enums), restype)
                # every status is checked, except where VRAM_E_BUFFER_TOO_SMALL
                # or a request error is part of the answer
                if ret == "vram_status" and name not in ("vram_result_to_json", "vram_api_call"):
                    self.assertIs(errcheck, _native._check)
                else:
                    self.assertIsNone(errcheck)

    def test_loaded_functions_configured(self):
        for name, argtypes, restype, _ in _native.FUNCTIONS:
            fn = getattr(vramest._lib, name)
            if name in vramest._lib.missing:
                self.assertFalse(vramest.has_function(name))
                with self.assertRaises(vramest.MissingFunctionError) as cm:
                    fn()
                self.assertEqual(cm.exception.function, name)
                self.assertIn(name, str(cm.exception))
                continue
            with self.subTest(function=name):
                self.assertTrue(vramest.has_function(name))
                self.assertIsInstance(fn, ctypes._CFuncPtr)
                self.assertEqual(list(fn.argtypes), list(argtypes))
                self.assertIs(fn.restype, restype)

    def test_built_library_exports_every_function(self):
        # the library these tests run against is the one built beside them:
        # it has every function of the table, so no test may skip for lack of one
        self.assertEqual(vramest._lib.missing, set())

    def test_has_function_rejects_unknown_names(self):
        with self.assertRaises(ValueError):
            vramest.has_function("vram_does_not_exist")


class TestGpuFields(unittest.TestCase):
    def test_fields_match_header_comments(self):
        text = HEADER.read_text(encoding="utf-8")
        body = re.search(r"typedef enum vram_gpu_key \{(.*?)\} vram_gpu_key;", text, re.S).group(1)
        documented = {}
        for m in re.finditer(r"VRAM_GPU_(\w+)\s*=\s*\d+,?\s*/\*\*<\s*(string|u64|f64)\s+\"(\w+)\"",
                             body):
            documented[m.group(1)] = (m.group(2), m.group(3))
        self.assertEqual(len(documented), len(vramest.GpuKey))
        kinds = {str: "string", list: "string", int: "u64", float: "f64"}
        table = {key.name: (kinds[kind], field) for key, field, kind in vramest.GPU_FIELDS}
        self.assertEqual(table, documented)


if __name__ == "__main__":
    unittest.main()
