// Package jsonx decodes JSON into the same Go values encoding/json produces with
// UseNumber (nil, bool, string, json.Number, []any, map[string]any), in one pass and
// with far less garbage: the input is copied into one string and every number and
// every string without escapes is a slice of it.
//
// The price is that those values keep the whole input alive. Anything kept beyond the
// request must go through Detach first (the engine does so for payloads, collection
// configs and names).
package jsonx

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds nesting so a hostile body cannot exhaust the stack.
const maxDepth = 512

// SyntaxError reports malformed JSON with a 1-based line and column.
type SyntaxError struct {
	Msg          string
	Line, Column int
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s at line %d column %d", e.Msg, e.Line, e.Column)
}

type parser struct {
	s     string
	i     int
	depth int
	// stack collects the elements of the arrays being parsed (nested ones above their
	// parent's), so each array is allocated once at its final length instead of
	// growing by appends (a 384-number vector grew through nine copies).
	stack []any
}

// stacks recycles parsers' array scratch between calls.
var stacks = sync.Pool{New: func() any { return new([]any) }}

// Parse decodes exactly one JSON value (surrounded by optional whitespace).
func Parse(data []byte) (any, error) {
	sp := stacks.Get().(*[]any)
	p := &parser{s: string(data), stack: (*sp)[:0]}
	defer func() {
		clear(p.stack) // an error leaves elements behind
		*sp = p.stack[:0]
		stacks.Put(sp)
	}()
	p.ws()
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.ws()
	if p.i != len(p.s) {
		return nil, p.errf("trailing characters")
	}
	return v, nil
}

func (p *parser) errf(format string, args ...any) error {
	line, col := 1, 1
	for _, c := range p.s[:min(p.i, len(p.s))] {
		if c == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return &SyntaxError{Msg: fmt.Sprintf(format, args...), Line: line, Column: col}
}

func (p *parser) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) value() (any, error) {
	if p.i >= len(p.s) {
		return nil, p.errf("EOF while parsing a value")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		return p.str()
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case strings.HasPrefix(p.s[p.i:], "true"):
		p.i += 4
		return true, nil
	case strings.HasPrefix(p.s[p.i:], "false"):
		p.i += 5
		return false, nil
	case strings.HasPrefix(p.s[p.i:], "null"):
		p.i += 4
		return nil, nil
	}
	return nil, p.errf("expected value")
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > maxDepth {
		return p.errf("recursion limit exceeded")
	}
	return nil
}

func (p *parser) object() (any, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	p.i++ // {
	m := map[string]any{}
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return m, nil
	}
	for {
		p.ws()
		if p.i >= len(p.s) {
			return nil, p.errf("EOF while parsing an object")
		}
		if p.s[p.i] != '"' {
			return nil, p.errf("key must be a string")
		}
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, p.errf("expected `:`")
		}
		p.i++
		p.ws()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		m[k.(string)] = v
		p.ws()
		if p.i >= len(p.s) {
			return nil, p.errf("EOF while parsing an object")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return m, nil
		default:
			return nil, p.errf("expected `,` or `}`")
		}
	}
}

func (p *parser) array() (any, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	p.i++ // [
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		return []any{}, nil
	}
	base := len(p.stack)
	for {
		p.ws()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		p.stack = append(p.stack, v)
		p.ws()
		if p.i >= len(p.s) {
			return nil, p.errf("EOF while parsing a list")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			a := make([]any, len(p.stack)-base)
			copy(a, p.stack[base:])
			clear(p.stack[base:]) // the scratch must not keep values alive
			p.stack = p.stack[:base]
			return a, nil
		default:
			return nil, p.errf("expected `,` or `]`")
		}
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// number checks the JSON number grammar and returns the literal as a json.Number.
func (p *parser) number() (any, error) {
	start := p.i
	s := p.s
	if s[p.i] == '-' {
		p.i++
	}
	switch {
	case p.i < len(s) && s[p.i] == '0':
		p.i++
	case p.i < len(s) && s[p.i] >= '1' && s[p.i] <= '9':
		for p.i < len(s) && isDigit(s[p.i]) {
			p.i++
		}
	default:
		return nil, p.errf("invalid number")
	}
	if p.i < len(s) && s[p.i] == '.' {
		p.i++
		if p.i >= len(s) || !isDigit(s[p.i]) {
			return nil, p.errf("invalid number")
		}
		for p.i < len(s) && isDigit(s[p.i]) {
			p.i++
		}
	}
	if p.i < len(s) && (s[p.i] == 'e' || s[p.i] == 'E') {
		p.i++
		if p.i < len(s) && (s[p.i] == '+' || s[p.i] == '-') {
			p.i++
		}
		if p.i >= len(s) || !isDigit(s[p.i]) {
			return nil, p.errf("invalid number")
		}
		for p.i < len(s) && isDigit(s[p.i]) {
			p.i++
		}
	}
	return json.Number(s[start:p.i]), nil
}

// str parses a string literal; without escapes it is a slice of the input.
func (p *parser) str() (any, error) {
	p.i++ // opening quote
	start := p.i
	s := p.s
	for p.i < len(s) {
		c := s[p.i]
		switch {
		case c == '"':
			out := s[start:p.i]
			p.i++
			if !utf8.ValidString(out) {
				return nil, p.errf("invalid UTF-8 in string")
			}
			return out, nil
		case c == '\\':
			return p.escaped(start)
		case c < 0x20:
			return nil, p.errf("control character in string")
		}
		p.i++
	}
	return nil, p.errf("EOF while parsing a string")
}

func (p *parser) escaped(start int) (any, error) {
	var b strings.Builder
	b.WriteString(p.s[start:p.i])
	s := p.s
	for p.i < len(s) {
		c := s[p.i]
		switch {
		case c == '"':
			p.i++
			out := b.String()
			if !utf8.ValidString(out) {
				return nil, p.errf("invalid UTF-8 in string")
			}
			return out, nil
		case c < 0x20:
			return nil, p.errf("control character in string")
		case c != '\\':
			b.WriteByte(c)
			p.i++
			continue
		}
		p.i++
		if p.i >= len(s) {
			break
		}
		switch e := s[p.i]; e {
		case '"', '\\', '/':
			b.WriteByte(e)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := p.hex4(p.i + 1)
			if !ok {
				return nil, p.errf("invalid unicode escape")
			}
			p.i += 4
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if p.i+2 < len(s) && s[p.i+1] == '\\' && s[p.i+2] == 'u' {
					if x, ok := p.hex4(p.i + 3); ok {
						r2 = x
					}
				}
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					p.i += 6
					r = dec
				} else {
					r = utf8.RuneError
				}
			}
			b.WriteRune(r)
		default:
			return nil, p.errf("invalid escape")
		}
		p.i++
	}
	return nil, p.errf("EOF while parsing a string")
}

func (p *parser) hex4(at int) (rune, bool) {
	if at+4 > len(p.s) {
		return 0, false
	}
	n, err := strconv.ParseUint(p.s[at:at+4], 16, 32)
	return rune(n), err == nil
}

// Detach deep-copies a decoded value so nothing in it shares memory with the input.
func Detach(v any) any {
	switch t := v.(type) {
	case string:
		return strings.Clone(t)
	case json.Number:
		return json.Number(strings.Clone(string(t)))
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[strings.Clone(k)] = Detach(e)
		}
		return m
	case []any:
		a := make([]any, len(t))
		for i, e := range t {
			a[i] = Detach(e)
		}
		return a
	}
	return v
}

// DetachMap is Detach for objects (nil stays nil).
func DetachMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	return Detach(m).(map[string]any)
}
