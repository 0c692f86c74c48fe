package jsonx

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func stdDecode(t *testing.T, s string) (any, error) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, &SyntaxError{Msg: "trailing"}
	}
	return v, nil
}

func TestParseMatchesEncodingJSON(t *testing.T) {
	docs := []string{
		`{"a":1,"b":[1,2.5,-3e-7,0,-0,1E+3],"c":{"d":null,"e":true,"f":false},"g":"str"}`,
		`  [ ]  `, `{}`, `"x"`, `12345678901234567890`, `-0.0e-0`,
		`{"esc":"a\"b\\c\/d\b\f\n\r\t\u00e9\u4e2d\ud83d\ude00","uni":"ünïcødé 中文 😀"}`,
		`{"dup":1,"dup":2}`,
		`[[[[[]]]]]`,
		"{\"k\" :\n\t[ 1 , 2 ] }",
	}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 200; i++ {
		var b bytes.Buffer
		genValue(rng, &b, 0)
		docs = append(docs, b.String())
	}
	for _, d := range docs {
		want, err := stdDecode(t, d)
		if err != nil {
			t.Fatalf("corpus doc is invalid JSON: %s: %v", d, err)
		}
		got, err := Parse([]byte(d))
		if err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s:\n got %#v\nwant %#v", d, got, want)
		}
	}
}

func genValue(r *rand.Rand, b *bytes.Buffer, depth int) {
	k := r.Intn(7)
	if depth > 3 {
		k = r.Intn(4)
	}
	switch k {
	case 0:
		b.WriteString(strconv.FormatFloat(r.NormFloat64()*1e3, 'g', -1, 32))
	case 1:
		b.WriteString(strconv.Itoa(r.Intn(1000) - 500))
	case 2:
		s, _ := json.Marshal(string([]rune{rune(r.Intn(0x2FFF) + 0x20), 'a', '"', rune(r.Intn(0x7F) + 0x20)}))
		b.Write(s)
	case 3:
		b.WriteString([]string{"true", "false", "null"}[r.Intn(3)])
	case 4, 5:
		b.WriteByte('[')
		for i := 0; i < r.Intn(5); i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			genValue(r, b, depth+1)
		}
		b.WriteByte(']')
	default:
		b.WriteByte('{')
		for i := 0; i < r.Intn(5); i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt := `"k` + strconv.Itoa(i) + `":`
			b.WriteString(fmt)
			genValue(r, b, depth+1)
		}
		b.WriteByte('}')
	}
}

func TestParseRejectsWhatJSONRejects(t *testing.T) {
	for _, bad := range []string{
		``, ` `, `{`, `[1,]`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `01`, `1.`, `.5`, `-`, `1e`, `+1`, `[1 2]`,
		`"unterminated`, "\"ctrl\x01\"", `"bad \x escape"`, `"\u12"`, `tru`, `nul`, `{"a":1}x`, `NaN`, `[1]]`,
		"\"\xff\"",
	} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	deep := strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
	if _, err := Parse([]byte(deep)); err == nil {
		t.Error("unbounded nesting accepted")
	}
	_, err := Parse([]byte("{\n  \"a\": tx\n}"))
	se, ok := err.(*SyntaxError)
	if !ok || se.Line != 2 || se.Column != 8 {
		t.Errorf("position: %v", err)
	}
}

func TestDetachCopiesEverything(t *testing.T) {
	v, _ := Parse([]byte(`{"key":["s",1.5,{"n":"x"}]}`))
	d := Detach(v)
	if !reflect.DeepEqual(v, d) {
		t.Fatal("detached value differs")
	}
	v.(map[string]any)["key"].([]any)[0] = "changed"
	if d.(map[string]any)["key"].([]any)[0] != "s" {
		t.Fatal("detached value shares the original's containers")
	}
}
