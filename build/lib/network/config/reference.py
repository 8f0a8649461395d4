"""docs/configuration.md: every configuration key with its default and description, from the schema."""

from __future__ import annotations

import json

from pydantic import BaseModel

from network.config.run import TopConfig
from network.config.steps import STEPS


def _rows(model: type[BaseModel], prefix: str = "") -> list[str]:
    out = []
    for name, field in model.model_fields.items():
        key = f"{prefix}{name}"
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            out += _rows(annotation, key + ".")
            continue
        default = field.get_default(call_default_factory=True)
        shown = json.dumps(default.model_dump(mode="json") if isinstance(default, BaseModel) else default, ensure_ascii=False, default=str)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        out.append(f"| `{key}` | `{shown}` | {(field.description or '').replace('|', '/')} |")
    return out


def _steps() -> str:
    return "; ".join(f"{step}: {', '.join(sections)}" for step, sections in STEPS.items())


def configuration_doc() -> str:
    return (
        "# Configuration\n\nGenerated from the schema (`network/config/`) by `python -m network.cli docs`; do not edit.\n\n"
        "Each run's configuration is, lowest precedence first: these defaults, `config.yaml`, any `--configfile`, "
        "`runs/<run>.yaml` (and the runs it `extends`), `--config KEY=VALUE`; the result is `runs/<run>/config.yaml`. "
        f"Each step reads only its sections, `runs/<run>/config/<step>.yaml`, and re-runs when one of them changes: {_steps()}. "
        "Unknown keys are errors.\n\n| key | default | description |\n|---|---|---|\n" + "\n".join(_rows(TopConfig)) + "\n"
    )
