package tmplexec

import (
	"reflect"
	"strings"
)

const incomparable = 2 // compare's result for values of kinds that do not order

// compare compares two values of basic kinds the way text/template's eq
// and lt do: -1, 0, 1, or incomparable for booleans that differ. Values it
// cannot compare (nil, structs, mixed kinds) are left to html/template.
func compare(a, b reflect.Value) int {
	a, b = indirectInterface(a), indirectInterface(b)
	ka, kb := basicKind(a), basicKind(b)
	if ka == kindOther || kb == kindOther {
		fallback()
	}
	if ka != kb {
		switch {
		case ka == kindInt && kb == kindUint:
			if a.Int() < 0 {
				return -1
			}
			return cmp3(uint64(a.Int()), b.Uint())
		case ka == kindUint && kb == kindInt:
			if b.Int() < 0 {
				return 1
			}
			return cmp3(a.Uint(), uint64(b.Int()))
		}
		fallback()
	}
	switch ka {
	case kindBool:
		if a.Bool() == b.Bool() {
			return 0
		}
		return incomparable
	case kindInt:
		return cmp3(a.Int(), b.Int())
	case kindUint:
		return cmp3(a.Uint(), b.Uint())
	case kindFloat:
		x, y := a.Float(), b.Float()
		if x != x || y != y { // NaN: neither less nor equal
			fallback()
		}
		return cmp3(x, y)
	case kindString:
		return strings.Compare(a.String(), b.String())
	}
	fallback()
	return 0
}

func cmp3[T int64 | uint64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

const (
	kindOther = iota
	kindBool
	kindInt
	kindUint
	kindFloat
	kindString
)

func basicKind(v reflect.Value) int {
	switch v.Kind() {
	case reflect.Bool:
		return kindBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return kindInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return kindUint
	case reflect.Float32, reflect.Float64:
		return kindFloat
	case reflect.String:
		return kindString
	}
	return kindOther
}
