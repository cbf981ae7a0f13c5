//go:build race

package build

// raceEnabled shortens the slowest tests under the race detector, which
// runs them 5-10 times slower; they run in full without it.
const raceEnabled = true
