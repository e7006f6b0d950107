"""Parts most groups have alike, held once for all of them.

The built-in feedback library, an agenda template left as it came and the default agreements
are the same in most groups, and were the larger half of every decoded group (~8 of ~15 KB).
A group made or read here points at one object held for each such part's bytes instead of a
copy of its own, and at one string for each of the few words its links and members are named by;
a command that copies a part and leaves it as it was hands the old object on, so a whole copy
(each session's start) does not undo that. It is safe for the reason sharing parts between
versions is (group.py: copy_parts): no version is ever changed in place; a command changes deep
copies of the parts it declares, so it never reaches a held object.
"""

from __future__ import annotations

import sys
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import msgspec

if TYPE_CHECKING:
    from .group import Group

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Kept(Generic[K, V]):
    """At most `size` values, one under each key; the ones used last stay, and `dropped` hears of
    each one let go. The tables of things many groups have alike (here, and the hub's encodings
    of them) are bounded this way: what most groups use stays, an odd one out is let go."""

    def __init__(self, size: int, dropped: Callable[[V], object] | None = None) -> None:
        self._size = size
        self._dropped = dropped
        self._held: OrderedDict[K, V] = OrderedDict()

    def __len__(self) -> int:
        return len(self._held)

    def get(self, key: K) -> V | None:
        return self._held.get(key)

    def hold(self, key: K, value: V) -> V:
        """What is held under `key` (or, from now on, `value`), now the one used last. The key
        object first held stays the key: an equal one passed later is not kept."""
        held = self._held.get(key)
        if held is not None:
            self._held.move_to_end(key)
            return held
        if len(self._held) >= self._size:
            _, oldest = self._held.popitem(last=False)
            if self._dropped is not None:
                self._dropped(oldest)
        self._held[key] = value
        return value


# Where each such part sits in a group: a top-level part, then the attributes down to it.
ALIKE: tuple[tuple[str, ...], ...] = (
    ("template",),
    ("feedback", "library"),
    ("course", "agreements", "items"),
)
# A few hundred shapes cover the built-in defaults and a service's own templates; a group whose
# part was pushed out keeps its object, only the next group with those bytes gets a new one.
KEPT = 256

_encoder = msgspec.json.Encoder()
# The bytes each held object is held for, by its id (its own while the table holds it): the
# stores' encodings take them instead of encoding the part again (group.py: encode_after).
_bytes_of: dict[int, bytes] = {}
_held: Kept[tuple[str, bytes], Any] = Kept(KEPT, lambda gone: _bytes_of.pop(id(gone)))
# Under each name, the last object held and its key.
_last: dict[str, tuple[tuple[str, bytes], Any]] = {}


def share_alike(doc: Group) -> Group:
    """`doc`, its alike parts now the objects held for their bytes. `doc` must be a group nothing
    else holds yet (just made or decoded): this points its own parts elsewhere."""
    for path in ALIKE:
        parent = _parent(doc, path)
        if parent is not None:
            setattr(parent, path[-1], _held_for(path[-1], getattr(parent, path[-1])))
    # The links' labels and the members' ids are the same few words in every group.
    for member in doc.members:
        member.id = sys.intern(member.id)
    for cred in doc.credentials:
        cred.label = sys.intern(cred.label)
        if cred.member is not None:
            cred.member = sys.intern(cred.member)
    return doc


def keep_alike(new: Group, old: Group, copied: tuple[str, ...] | None) -> None:
    """Where a command copied a part (`copied`; None: the whole group) and left it as it was,
    `new` takes `old`'s object back (the one its group shares), not the copy: a whole copy at
    each session's start would otherwise give every group its own library again."""
    if copied is None:
        # Every part, not only the alike ones: the ones made or read with share_alike stay so,
        # and the views of a part that is the same object are not built again (ws/hub.py).
        for name in new.__struct_fields__:
            mine, theirs = getattr(new, name), getattr(old, name)
            if mine is not theirs and mine == theirs:
                setattr(new, name, theirs)
    for path in ALIKE:
        if getattr(new, path[0]) is getattr(old, path[0]):
            continue  # not copied: already the same object
        mine, theirs = _parent(new, path), _parent(old, path)
        if mine is None or theirs is None:
            continue
        held = getattr(theirs, path[-1])
        if getattr(mine, path[-1]) == held:
            setattr(mine, path[-1], held)


def _parent(doc: Group, path: tuple[str, ...]) -> Any:
    """The object holding the part at `path` (None where a part above it is None)."""
    node: Any = doc
    for name in path[:-1]:
        node = getattr(node, name)
        if node is None:
            return None
    return node


def encoding(value: object) -> bytes | None:
    """`value`'s JSON, if `value` is a held object."""
    return _bytes_of.get(id(value))


def _held_for(name: str, value: T) -> T:
    # Most groups have the part last held under this name (the built-in library): comparing
    # with it costs less than encoding, which every published copy a Redis instance reads pays.
    if name in _last:
        key, same = _last[name]
        if same == value and _held.get(key) is same:
            _held.hold(key, same)
            return cast(T, same)
    data = _encoder.encode(value)
    found = _held.get((name, data))
    if found is None:
        # msgspec hands back its buffer as it grew (up to half of it unused): keep a copy.
        _bytes_of[id(value)] = bytes(memoryview(data))
    else:
        value = found
    key = (name, _bytes_of[id(value)])  # the copy, not the buffer, is what the table keeps
    _held.hold(key, value)
    _last[name] = (key, value)
    return value
