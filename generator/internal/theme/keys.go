package theme

import (
	"encoding/binary"
	"hash/maphash"
	"io/fs"
	"path"
	"strings"
)

// Keys hashes the theme files each page kind is made of: base.html,
// the partials and KIND.html for each of PageKinds, and under "*" every file
// of templates/, for page kinds it does not know. assets are the static
// names the theme's "asset" function knows (Templates.AssetNames): every
// page depends on them.
func Keys(fsys fs.FS, assets []string, seed maphash.Seed) map[string]uint64 {
	read := func(name string) []byte {
		b, err := fs.ReadFile(fsys, path.Join(Dir, name))
		if err != nil {
			return []byte("\x00missing") // Parse reports it
		}
		return b
	}
	var common, all maphash.Hash
	common.SetSeed(seed)
	all.SetSeed(seed)
	add(&common, read("base.html"))
	for _, a := range assets {
		add(&common, []byte(a))
		add(&all, []byte(a))
	}
	entries, _ := fs.ReadDir(fsys, Dir) // a missing folder is reported by Parse
	for _, e := range entries {
		n := e.Name()
		add(&all, []byte(n))
		add(&all, read(n))
		if strings.HasPrefix(n, "_") && strings.HasSuffix(n, ".html") {
			add(&common, []byte(n))
			add(&common, read(n))
		}
	}
	keys := map[string]uint64{"*": all.Sum64()}
	base := binary.LittleEndian.AppendUint64(nil, common.Sum64())
	for _, k := range PageKinds {
		var h maphash.Hash
		h.SetSeed(seed)
		add(&h, base)
		add(&h, read(k+".html"))
		keys[k] = h.Sum64()
	}
	return keys
}

// add hashes b, preceded by its length so that no two lists of byte
// strings hash the same way by construction.
func add(h *maphash.Hash, b []byte) {
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(b)))
	h.Write(n[:])
	h.Write(b)
}
