// Package hashkey builds the change-tracking keys of incremental builds: a
// 64-bit hash (hash/maphash) of a list of fields, each string and byte
// string preceded by its length, so that two different lists of fields
// cannot hash alike by construction.
package hashkey

import (
	"encoding/binary"
	"hash/maphash"
)

// A Hash builds one key.
type Hash struct{ h maphash.Hash }

// New returns a Hash with the seed every key compared with it must share.
func New(seed maphash.Seed) Hash {
	var h Hash
	h.h.SetSeed(seed)
	return h
}

// Str adds a string.
func (h *Hash) Str(s string) {
	h.Int(len(s))
	h.h.WriteString(s)
}

// Bytes adds a byte string.
func (h *Hash) Bytes(b []byte) {
	h.Int(len(b))
	h.h.Write(b)
}

// U64 adds a number, such as another key.
func (h *Hash) U64(v uint64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], v)
	h.h.Write(b[:])
}

// Int adds a number.
func (h *Hash) Int(v int) { h.U64(uint64(v)) }

// Bool adds a flag.
func (h *Hash) Bool(v bool) {
	if v {
		h.h.WriteByte(1)
	} else {
		h.h.WriteByte(0)
	}
}

// Sum is the key.
func (h *Hash) Sum() uint64 { return h.h.Sum64() }
