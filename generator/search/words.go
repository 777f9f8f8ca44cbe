package search

// wordTable maps words, as bytes, to numbers: the index analyzer's cache
// of the words it has seen (indexAnalyzer.terms). It is an open-addressing
// hash table whose slots hold each word's hash, place and number, the
// words' bytes one after the other in one array: a lookup reads a slot and
// a few bytes close to the other words, where a map of strings reads its
// control bytes, its slot and the string's bytes, allocated apart. It is
// not safe for concurrent use: its owner locks it.
type wordTable struct {
	slots []wordSlot
	bytes []byte
	n     int
	shift uint8
}

type wordSlot struct {
	hash uint32 // 0 for an empty slot
	off  uint32 // the word is bytes[off : off+len]
	len  uint32
	val  int32
}

// minWordSlots is the size of a table's first array of slots.
const minWordSlots = 1 << 12

// hashWord is the FNV-1a hash of w, never 0.
func hashWord(w []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range w {
		h ^= uint32(c)
		h *= 16777619
	}
	return h | 1
}

// slot is where the probe for h starts: the hash's high bits, mixed.
func (t *wordTable) slot(h uint32) uint32 { return (h * 0x9E3779B1) >> t.shift }

// get returns the number of w, whose hash is h, and whether w is there.
func (t *wordTable) get(w []byte, h uint32) (int32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	mask := uint32(len(t.slots) - 1)
	for i := t.slot(h); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.hash == 0 {
			return 0, false
		}
		if s.hash == h && int(s.len) == len(w) && string(t.bytes[s.off:s.off+s.len]) == string(w) {
			return s.val, true
		}
	}
}

// put sets the number of w, whose hash is h.
func (t *wordTable) put(w []byte, h uint32, v int32) {
	if (t.n+1)*4 > len(t.slots)*3 {
		t.grow()
	}
	mask := uint32(len(t.slots) - 1)
	for i := t.slot(h); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.hash == 0 {
			*s = wordSlot{hash: h, off: uint32(len(t.bytes)), len: uint32(len(w)), val: v}
			t.bytes = append(t.bytes, w...)
			t.n++
			return
		}
		if s.hash == h && int(s.len) == len(w) && string(t.bytes[s.off:s.off+s.len]) == string(w) {
			s.val = v
			return
		}
	}
}

// grow doubles the slots (or makes the first ones) and places the words
// again.
func (t *wordTable) grow() {
	old := t.slots
	size := max(2*len(old), minWordSlots)
	t.slots = make([]wordSlot, size)
	t.shift = uint8(32 - bitsOf(size))
	mask := uint32(size - 1)
	for _, s := range old {
		if s.hash == 0 {
			continue
		}
		i := t.slot(s.hash)
		for t.slots[i].hash != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}

// bitsOf is log2 of n, a power of two.
func bitsOf(n int) int {
	b := 0
	for n > 1 {
		n >>= 1
		b++
	}
	return b
}

// len is the number of words in the table.
func (t *wordTable) len() int { return t.n }
