"""Compile the text kernels (newsdyads/text, numba) once, when the project is set up.

numba compiles a kernel the first time it is called and keeps the machine code in its
cache (``__pycache__`` beside the module), which every later process loads in well
under a second. Left to the first run, that compilation came on top of the run: on a
fresh clone on a 2-core VM, ``make run`` over the seven sample files took 52 s
instead of 8, and the first million-article run 45 s more than the next. It is
an install step, like byte-compiling the modules, so ``make setup`` does it
(``newsdyads compile``): it runs the warm-up's sample through ingestion, cleaning and
enrichment (``tasks.warm_up.process_sample``), which calls every kernel a run calls
with the argument types a run gives it.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass

from numba.core.registry import CPUDispatcher

import newsdyads.text


@dataclass(frozen=True)
class KernelReport:
    """What ``compile_kernels`` did: how many kernel signatures numba compiled (and
    wrote to its cache) and how many it loaded from its cache. A kernel loaded from
    the cache brings the kernels it calls compiled into it, so fewer are loaded than
    were compiled."""

    compiled: int
    loaded: int


def text_kernels() -> dict[str, CPUDispatcher]:
    """Every numba kernel of newsdyads/text, by ``module.function`` name."""
    kernels: dict[str, CPUDispatcher] = {}
    for module_info in pkgutil.iter_modules(newsdyads.text.__path__):
        module = importlib.import_module(f"newsdyads.text.{module_info.name}")
        for name, value in vars(module).items():
            if isinstance(value, CPUDispatcher) and value.__module__ == module.__name__:
                kernels[f"{module_info.name}.{name}"] = value
    return kernels


def compile_kernels(sample_chars: int, min_confidence: float) -> KernelReport:
    """Call every kernel a run calls, on the warm-up's sample, so that numba compiles
    the ones its cache lacks (``sample_chars`` and ``min_confidence``: the run's
    language settings). Raises what the sample's processing raises."""
    from tasks.warm_up import process_sample

    process_sample(sample_chars, min_confidence)
    kernels = text_kernels().values()
    return KernelReport(
        compiled=sum(sum(kernel.stats.cache_misses.values()) for kernel in kernels),
        loaded=sum(sum(kernel.stats.cache_hits.values()) for kernel in kernels),
    )


__all__ = ["KernelReport", "compile_kernels", "text_kernels"]
