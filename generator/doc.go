// Package generator is the root of Sitrep's Go code: the command in
// cmd/sitrep, the tools in cmd/ (bench, archive, audit, corpus), and the
// packages in internal/. It holds no code of its own; its test
// (shape_test.go) checks the shape docs/architecture.md promises: small
// files, packages and functions, a package doc comment everywhere, and no
// init functions.
package generator
