package pipeline

import (
	"bufio"
	"fmt"
	"hash/crc32"
	"os"
	"strconv"
	"strings"
	"time"
)

// The checksums of an output folder. A recycled folder (staging) is
// rewritten file by file, and a file whose bytes did not change is left
// alone; telling that by reading the old file costs an open, a read of
// every byte, a close: most of the writing of a recycled site. So a build
// that commits its folder writes beside it, in <folder>.sums, the size and
// checksum of every file it wrote or kept, and the next build that
// recycles the folder compares the new bytes with that, after one stat
// of the old file: the same size, and not modified since the list was
// written (an edit by hand is read as before). The list names its folder
// (device and inode, which renaming keeps), is removed as soon as the
// folder is taken for recycling, and any doubt (no list, another folder's,
// a line that does not read) means reading the file, as before.

// fileSum is what the list records of a file.
type fileSum struct {
	size int64
	sum  uint64
}

// sums is the list of a folder, and when it was written.
type sums struct {
	files map[string]fileSum
	at    time.Time
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// checksum is two CRC-32s, IEEE and Castagnoli, of data: both computed
// by the processor (tens of GB/s), together 64 bits.
func checksum(data []byte) uint64 {
	return uint64(crc32.Checksum(data, castagnoli))<<32 | uint64(crc32.ChecksumIEEE(data))
}

// sumsHeader starts a list; the folder's identity follows it.
const sumsHeader = "banca-sums 1 "

// sumsPath is where the list of folder is kept.
func sumsPath(folder string) string { return folder + ".sums" }

// readSums reads the list of folder: nil when there is none, when it is
// another folder's or when it does not read.
func readSums(folder string) *sums {
	id := folderID(folder)
	if id == "" {
		return nil
	}
	f, err := os.Open(sumsPath(folder))
	if err != nil {
		return nil
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil
	}
	sc := bufio.NewScanner(bufio.NewReaderSize(f, 64<<10))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	if !sc.Scan() || sc.Text() != sumsHeader+id {
		return nil
	}
	s := &sums{files: map[string]fileSum{}, at: st.ModTime()}
	for sc.Scan() {
		// "<size> <checksum, hex> <name>"
		size, rest, ok1 := strings.Cut(sc.Text(), " ")
		sum, name, ok2 := strings.Cut(rest, " ")
		n, err1 := strconv.ParseInt(size, 10, 64)
		c, err2 := strconv.ParseUint(sum, 16, 64)
		if !ok1 || !ok2 || err1 != nil || err2 != nil || name == "" {
			return nil
		}
		s.files[name] = fileSum{size: n, sum: c}
	}
	if sc.Err() != nil {
		return nil
	}
	return s
}

// writeSums writes the list of folder, through a temporary file.
func writeSums(folder string, files map[string]fileSum) error {
	id := folderID(folder)
	if id == "" {
		return nil
	}
	tmp := sumsPath(folder) + ".tmp-" + randomSuffix()
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 64<<10)
	fmt.Fprintf(w, "%s%s\n", sumsHeader, id)
	for name, cs := range files {
		if strings.ContainsAny(name, "\n\r") {
			continue // not listed: read when recycled
		}
		fmt.Fprintf(w, "%d %x %s\n", cs.size, cs.sum, name)
	}
	err = w.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, sumsPath(folder))
	}
	if err != nil {
		_ = os.Remove(tmp)
	}
	return err
}

// compare says whether the file full, at the slash-separated name, holds
// data of the given size and checksum, by the list and a stat alone: known
// is false when they cannot tell (the file is then read).
func (s *sums) compare(name, full string, size int64, sum uint64) (same, known bool) {
	if s == nil {
		return false, false
	}
	e, ok := s.files[name]
	if !ok {
		return false, false
	}
	st, err := os.Lstat(full)
	if err != nil || !st.Mode().IsRegular() || st.Size() != e.size || st.ModTime().After(s.at) {
		return false, false
	}
	return e.size == size && e.sum == sum, true
}

// moveSums renames the list of folder from to that of folder to, or
// removes it.
func moveSums(from, to string) {
	if err := os.Rename(sumsPath(from), sumsPath(to)); err != nil {
		_ = os.Remove(sumsPath(from))
	}
}

// removeSums removes the list of folder.
func removeSums(folder string) { _ = os.Remove(sumsPath(folder)) }
