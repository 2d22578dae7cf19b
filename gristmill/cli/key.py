"""`gristmill key ...`: master keys of encrypted runs (a new key; rotate a run's key without re-encrypting)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

key_app = typer.Typer(
    help="Master keys of encrypted runs: make one, or rotate a run onto a new one (its data is not re-encrypted).",
    no_args_is_help=True,
    rich_markup_mode="rich",
)

KeyFileOpt = Annotated[Path | None, typer.Option("--key-file", help="File holding the master key (32 bytes, base64 "
                                                 "or hex), kept outside the run directory.")]
KeyCommandOpt = Annotated[str | None, typer.Option("--key-command", help="A command that prints the master key, "
                                                   "e.g. 'aws kms decrypt ... --output text'.")]
StrictOpt = Annotated[bool, typer.Option("--strict-keys", help="Refuse a key file that group or others may read "
                                         "(default: a warning).")]


@key_app.command()
def rotate(
    run_dir: Annotated[Path, typer.Argument(help="An encrypted run directory (holds .keys.json).")],
    key_file: KeyFileOpt = None,
    key_command: KeyCommandOpt = None,
    new_key_file: Annotated[Path | None, typer.Option("--new-key-file", help="File holding the new master key.")]
    = None,
    new_key_command: Annotated[str | None, typer.Option("--new-key-command", help="A command that prints the new "
                                                        "master key.")] = None,
    new_key_env: Annotated[str | None, typer.Option("--new-key-env", help="Environment variable holding the new "
                                                    "master key.")] = None,
    strict_keys: StrictOpt = False,
) -> None:
    """Re-wrap RUN's data key under a new master key: afterwards only the new key opens the run. No data file
    is read or rewritten. The current key: --key-file, --key-command or $GRISTMILL_KEY."""
    from gristmill.cli.console import out
    from gristmill.crypto import EncryptionError, EnvKey, key_provider, rotate_run_key

    given = [x for x in (new_key_file, new_key_command, new_key_env) if x is not None]
    if len(given) != 1:
        raise EncryptionError("give the new master key with one of --new-key-file, --new-key-command or "
                              "--new-key-env")
    old = key_provider(key_file, strict=strict_keys, key_command=key_command)
    new = EnvKey(new_key_env) if new_key_env else key_provider(new_key_file, strict=strict_keys,
                                                               key_command=new_key_command)
    record = rotate_run_key(run_dir, old, new)
    out.print(f"{run_dir}: data key re-wrapped under key {record['key_id']} ({new.name}); "
              f"{len(record['rotations'])} rotation(s) so far")


def run_sealer(run_dir: Path, key_file: Path | None, key_command: str | None, strict: bool = False) -> Any:
    """The sealer of an encrypted run for a command that reads it (the key from --key-file, --key-command or
    $GRISTMILL_KEY), None for a plain one; an encrypted run without a key is refused in one line."""
    import os

    from gristmill.crypto import ENV_VAR, is_encrypted, key_provider, open_run

    given = key_file is not None or key_command is not None or (is_encrypted(run_dir) and ENV_VAR in os.environ)
    return open_run(run_dir, key_provider(key_file, strict=strict, key_command=key_command) if given else None)


def serving_key(key_file: Path | None, key_command: str | None) -> Any:
    """The master key a command that reads several runs was given (None: none given; $GRISTMILL_KEY when set)."""
    import os

    from gristmill.crypto import ENV_VAR, key_provider

    given = key_file is not None or key_command is not None or ENV_VAR in os.environ
    return key_provider(key_file, key_command=key_command) if given else None
