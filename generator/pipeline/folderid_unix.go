//go:build unix

package pipeline

import (
	"fmt"
	"os"
	"syscall"
)

// folderID names the folder at path by device and inode, which renaming
// keeps: "" when it cannot be read.
func folderID(path string) string {
	st, err := os.Lstat(path)
	if err != nil || !st.IsDir() {
		return ""
	}
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%d:%d", sys.Dev, sys.Ino)
}
