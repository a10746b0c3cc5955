//go:build race

package main

// raceEnabled: the race detector multiplies memory and slows bbolt several
// times, so the memory figures are taken only without it.
const raceEnabled = true
