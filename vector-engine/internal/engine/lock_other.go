//go:build !unix

package engine

import (
	"os"
	"path/filepath"
)

func lockDir(dir string) (*os.File, error) {
	return os.OpenFile(filepath.Join(dir, ".lock"), os.O_RDWR|os.O_CREATE, 0o644)
}
