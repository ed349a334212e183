# -*- Python -*-
# lit configuration of the edgec FileCheck tests (test/lit).
#
# Run from the build tree (CMake writes lit.site.cfg.py with the tools dir):
#   ctest -R lit    or    lit.py -sv <build>/test/lit
# or straight from the source tree with an explicit tools dir:
#   lit.py -sv test/lit --param edgec_tools_dir=<dir holding edgec-opt>

import os
import shutil

import lit.formats

config.name = "edgec"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py", "lit.site.cfg.py.in", "lit.cmake"]

config.test_source_root = os.path.dirname(os.path.abspath(__file__))
if not getattr(config, "test_exec_root", None) or config.test_exec_root == config.test_source_root:
    # Running from the source tree: keep lit's Output/ dirs out of it.
    config.test_exec_root = os.path.join(
        os.environ.get("TMPDIR", "/tmp"), "edgec-lit-" + str(os.getuid()))

# Where edgec-opt (and the edgec CLI, when built) live: --param wins over the site config.
tools_dir = lit_config.params.get("edgec_tools_dir", getattr(config, "edgec_tools_dir", None))
if not tools_dir:
    lit_config.fatal("no edgec tools dir: pass --param edgec_tools_dir=<dir with edgec-opt> "
                     "or run lit on the build tree's test/lit")
tools_dir = os.path.abspath(tools_dir)
edgec_opt = os.path.join(tools_dir, "edgec-opt")
if not os.path.exists(edgec_opt):
    lit_config.fatal("edgec-opt not found in " + tools_dir)
config.edgec_tools_dir = tools_dir

llvm_tools_dir = lit_config.params.get(
    "llvm_tools_dir", getattr(config, "llvm_tools_dir", None) or "/usr/lib/llvm-19/bin")
config.llvm_tools_dir = llvm_tools_dir

# PATH: our tools first (edgec-opt, edgec), then FileCheck/not/count, then the host's.
config.environment["PATH"] = os.pathsep.join(
    [tools_dir, llvm_tools_dir, os.environ.get("PATH", "")])

try:
    import lit.llvm
    from lit.llvm.subst import ToolSubst

    lit.llvm.initialize(lit_config, config)
    from lit.llvm import llvm_config

    llvm_config.use_default_substitutions()
    llvm_config.add_tool_substitutions(
        [ToolSubst("edgec-opt", command=edgec_opt, unresolved="fatal")] +
        ([ToolSubst("edgec", command=os.path.join(tools_dir, "edgec"))]
         if os.path.exists(os.path.join(tools_dir, "edgec")) else []),
        [tools_dir])
except ImportError:
    # Older or trimmed lit without lit.llvm: plain substitutions, tools found on PATH.
    for tool in ("FileCheck", "not", "count"):
        path = os.path.join(llvm_tools_dir, tool)
        if os.path.exists(path):
            config.substitutions.append(("\\b%s\\b" % tool, path))
    config.substitutions.append(("\\bedgec-opt\\b", edgec_opt))
