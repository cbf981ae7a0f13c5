package theme

import (
	"hash/maphash"
	"io/fs"
	"path"
	"strings"

	"github.com/sitrep-dev/sitrep/generator/internal/hashkey"
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
	common, all := hashkey.New(seed), hashkey.New(seed)
	common.Bytes(read("base.html"))
	for _, a := range assets {
		common.Str(a)
		all.Str(a)
	}
	entries, _ := fs.ReadDir(fsys, Dir) // a missing folder is reported by Parse
	for _, e := range entries {
		n := e.Name()
		all.Str(n)
		all.Bytes(read(n))
		if strings.HasPrefix(n, "_") && strings.HasSuffix(n, ".html") {
			common.Str(n)
			common.Bytes(read(n))
		}
	}
	keys := map[string]uint64{"*": all.Sum()}
	base := common.Sum()
	for _, k := range PageKinds {
		h := hashkey.New(seed)
		h.U64(base)
		h.Bytes(read(k + ".html"))
		keys[k] = h.Sum()
	}
	return keys
}
