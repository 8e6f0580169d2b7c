import { useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Input, Typography } from 'antd';
import { rankChoices } from '../../../../../shared/domain/choiceSearch';
import { answerThenAdvance } from '../focus';

// The wizard's option list (relation, ID type, housing type, owner, the zone search): an input the clerk
// types into, with the matching options below. Every key is handled here and at once, never after an
// animation: Enter picks the highlighted option, the answer is rendered, and the cursor is in the next field
// before the next keystroke is read, so a clerk typing ahead of the screen loses nothing.

export interface ListOption<V extends string> {
  value: V;
  /** What the field shows once chosen. */
  label: string;
  /** Text typed to find it, when not the label. */
  search?: string;
}

interface Props<V extends string> {
  id: string;
  value: V | undefined;
  options: readonly ListOption<V>[];
  placeholder?: string;
  onPick: (value: V) => void;
  onBlur?: () => void;
  /** The options matching a query, best first (default: label and its pinyin, shared rankChoices). */
  find?: (query: string) => readonly V[];
  /** How an option looks in the list (default: its label). */
  renderOption?: (option: ListOption<V>) => ReactNode;
  /** How the chosen value looks when the field is not being typed in (default: its label). */
  labelOf?: (value: V) => string;
  /** Shown when nothing matches. */
  notFound?: (query: string) => ReactNode;
}

const LIST_STYLE = {
  position: 'absolute',
  zIndex: 1050,
  left: 0,
  right: 0,
  top: '100%',
  marginTop: 4,
  maxHeight: 320,
  overflowY: 'auto',
  background: '#fff',
  borderRadius: 8,
  boxShadow: '0 6px 16px rgba(0,0,0,.12), 0 3px 6px -4px rgba(0,0,0,.16)',
  padding: 4,
  listStyle: 'none',
  margin: 0,
} as const;

export function OptionList<V extends string>({ id, value, options, placeholder, onPick, onBlur, find, renderOption, labelOf, notFound }: Props<V>) {
  const listId = useId();
  // The query lives in a ref as well: Enter right after a character must see that character.
  const [query, setQuery] = useState<string | null>(null);
  const queryRef = useRef<string | null>(null);
  const [active, setActive] = useState(0);
  const activeRef = useRef(0);
  const byValue = useMemo(() => new Map(options.map((o) => [o.value, o])), [options]);

  const hitsOf = (q: string | null): ListOption<V>[] => {
    if (q === null) return [...options];
    if (find) return find(q).flatMap((v) => byValue.get(v) ?? []);
    return rankChoices(options, q, (o) => ({ label: o.label, more: o.search ? [o.search] : [] })).map((h) => h.item);
  };
  const open = query !== null;
  const hits = open ? hitsOf(query) : [];

  const setQ = (q: string | null) => {
    queryRef.current = q;
    setQuery(q);
  };
  const setA = (n: number) => {
    activeRef.current = n;
    setActive(n);
  };

  const pick = (from: Element, v: V) => {
    answerThenAdvance(from, () => {
      setQ(null);
      setA(0);
      onPick(v);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.nativeEvent.isComposing || e.keyCode === 229 || e.ctrlKey || e.altKey || e.metaKey) return;
    const q = queryRef.current;
    const current = hitsOf(q);
    switch (e.key) {
      case 'Enter': {
        e.preventDefault();
        e.stopPropagation();
        if (q === null) {
          // Nothing typed: the answer stands and the cursor moves on; with no answer yet the list opens.
          if (value !== undefined) pick(e.currentTarget, value);
          else setQ('');
          return;
        }
        const chosen = current[Math.min(activeRef.current, current.length - 1)];
        // Typed text that matches nothing stays, with the list saying so: Enter does not move on.
        if (chosen) pick(e.currentTarget, chosen.value);
        return;
      }
      case 'ArrowDown':
      case 'ArrowUp': {
        e.preventDefault();
        if (q === null) {
          setQ('');
          setA(Math.max(0, options.findIndex((o) => o.value === value)));
          return;
        }
        const n = current.length;
        if (n > 0) setA((activeRef.current + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
        return;
      }
      case 'Escape':
        if (q !== null) {
          e.preventDefault();
          e.stopPropagation();
          setQ(null);
        }
        return;
      default:
        return;
    }
  };

  const shown = open ? (query ?? '') : value !== undefined ? (labelOf?.(value) ?? byValue.get(value)?.label ?? String(value)) : '';
  const activeHit = hits[Math.min(active, hits.length - 1)];

  return (
    <div style={{ position: 'relative' }}>
      <Input
        id={id}
        data-testid={id}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && activeHit ? `${listId}-${activeHit.value}` : undefined}
        data-own-enter="true"
        autoComplete="off"
        spellCheck={false}
        value={shown}
        placeholder={placeholder}
        onChange={(e) => {
          setQ(e.target.value);
          setA(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => {
          setQ(null);
          onBlur?.();
        }}
      />
      {open && (
        <ul id={listId} role="listbox" style={LIST_STYLE} data-testid={`${id}-options`}>
          {hits.length === 0 && notFound && <li style={{ padding: '6px 8px' }}>{notFound(query ?? '')}</li>}
          {hits.length === 0 && !notFound && (
            <li style={{ padding: '6px 8px' }}>
              <Typography.Text type="secondary">—</Typography.Text>
            </li>
          )}
          {hits.map((o, i) => (
            <li
              key={o.value}
              id={`${listId}-${o.value}`}
              role="option"
              aria-selected={i === active}
              data-testid={`${id}-option-${o.value}`}
              data-active={i === active ? 'true' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(e.currentTarget, o.value);
              }}
              style={{ padding: '5px 8px', borderRadius: 4, cursor: 'pointer', background: i === active ? '#e6f0ff' : undefined }}
            >
              {renderOption ? renderOption(o) : o.label}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
