package search

// The encoders of a zap segment's postings and doc values, as zap v17
// writes them (github.com/blevesearch/zapx/v17, intcoder.go and
// contentcoder.go, Apache License 2.0), on a byte slice: the segment
// writer (segwriter.go) writes the same bytes as zap's own.

import (
	"encoding/binary"
	"hash/crc32"
	"io"

	"github.com/golang/snappy"
)

// segBuf is the segment as it is written: offsets are its length. With
// out set, it writes what it holds to out past segFlush bytes, keeping
// the count and CRC-32 of what it wrote; without, it keeps everything.
type segBuf struct {
	b       []byte
	out     io.Writer
	flushed uint64
	crc     uint32
	err     error
}

// segFlush is how much a segBuf holds before it writes to its out.
const segFlush = 1 << 20

// flush writes what w holds to its out.
func (w *segBuf) flush() {
	if w.err == nil {
		_, w.err = w.out.Write(w.b)
	}
	w.crc = crc32.Update(w.crc, crc32.IEEETable, w.b)
	w.flushed += uint64(len(w.b))
	w.b = w.b[:0]
}

// uvarint appends v as a varint.
func (w *segBuf) uvarint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }

// uint64 appends v big-endian.
func (w *segBuf) uint64(v uint64) { w.b = binary.BigEndian.AppendUint64(w.b, v) }

// uint32 appends v big-endian.
func (w *segBuf) uint32(v uint32) { w.b = binary.BigEndian.AppendUint32(w.b, v) }

// uint16 appends v big-endian.
func (w *segBuf) uint16(v uint16) { w.b = binary.BigEndian.AppendUint16(w.b, v) }

// write appends p; a large p goes to out at once.
func (w *segBuf) write(p []byte) {
	if w.out != nil && len(p) >= segFlush {
		w.flush()
		w.b = p
		w.flush()
		w.b = make([]byte, 0, segFlush+segFlush/4)
		return
	}
	w.b = append(w.b, p...)
}

// count is the offset of the next byte.
func (w *segBuf) count() uint64 {
	if w.out != nil && len(w.b) >= segFlush {
		w.flush()
	}
	return w.flushed + uint64(len(w.b))
}

// intCoder is zap's chunkedIntCoder: varints in chunks of chunkSize
// documents, the chunks' end offsets before them.
type intCoder struct {
	final     []byte
	chunkSize uint64
	chunkBuf  []byte
	chunkLens []uint64
	currChunk uint64
}

// reset starts a list of documents up to maxDocNum in chunks of
// chunkSize.
func (c *intCoder) reset(chunkSize, maxDocNum uint64) {
	total := int(maxDocNum/chunkSize + 1)
	c.chunkSize = chunkSize
	if cap(c.chunkLens) < total {
		c.chunkLens = make([]uint64, total)
	}
	c.chunkLens = c.chunkLens[:total]
	clear(c.chunkLens)
	c.final = c.final[:0]
	c.chunkBuf = c.chunkBuf[:0]
	c.currChunk = 0
}

// add appends the values of docNum, documents in increasing order.
func (c *intCoder) add(docNum uint64, vals ...uint64) {
	if chunk := docNum / c.chunkSize; chunk != c.currChunk {
		c.close()
		c.chunkBuf = c.chunkBuf[:0]
		c.currChunk = chunk
	}
	for _, v := range vals {
		c.chunkBuf = binary.AppendUvarint(c.chunkBuf, v)
	}
}

// close ends the current chunk.
func (c *intCoder) close() {
	c.chunkLens[c.currChunk] = uint64(len(c.chunkBuf))
	c.final = append(c.final, c.chunkBuf...)
	c.currChunk = uint64(cap(c.chunkLens))
}

// writeAt writes the list and returns its offset, 0 for an empty one.
func (c *intCoder) writeAt(w *segBuf) uint64 {
	if len(c.final) == 0 {
		return 0
	}
	start := w.count()
	w.uvarint(uint64(len(c.chunkLens)))
	var end uint64
	for _, l := range c.chunkLens {
		end += l
		w.uvarint(end)
	}
	w.write(c.final)
	return start
}

// dvMeta is zap's MetaData: a document of a doc values chunk and the end
// of its values in the chunk.
type dvMeta struct{ docNum, end uint64 }

// contentCoder is zap's chunkedContentCoder (not progressive): the doc
// values of a field, snappy-compressed by chunks of chunkSize documents.
type contentCoder struct {
	final      []byte
	chunkSize  uint64
	currChunk  uint64
	chunkLens  []uint64
	chunkMeta  []dvMeta
	chunkBuf   []byte
	compressed []byte
	skipComp   bool
}

// newContentCoder starts the doc values of documents up to maxDocNum.
func newContentCoder(chunkSize, maxDocNum uint64, skipCompression bool) *contentCoder {
	total := maxDocNum/chunkSize + 1
	return &contentCoder{chunkSize: chunkSize, chunkLens: make([]uint64, total), skipComp: skipCompression}
}

// flush ends the current chunk.
func (c *contentCoder) flush() {
	var meta []byte
	if c.chunkSize != 1 {
		meta = binary.AppendUvarint(nil, uint64(len(c.chunkMeta)))
		for _, m := range c.chunkMeta {
			meta = binary.AppendUvarint(meta, m.docNum)
			meta = binary.AppendUvarint(meta, m.end)
		}
		c.final = append(c.final, meta...)
	}
	if c.skipComp {
		c.compressed = c.chunkBuf
	} else {
		c.compressed = snappy.Encode(c.compressed[:cap(c.compressed)], c.chunkBuf)
	}
	c.final = append(c.final, c.compressed...)
	c.chunkLens[c.currChunk] = uint64(len(c.compressed) + len(meta))
}

// add appends the values of docNum, documents in increasing order.
func (c *contentCoder) add(docNum uint64, vals []byte) {
	if chunk := docNum / c.chunkSize; chunk != c.currChunk {
		c.flush()
		c.chunkBuf = c.chunkBuf[:0]
		c.chunkMeta = c.chunkMeta[:0]
		c.currChunk = chunk
	}
	c.chunkBuf = append(c.chunkBuf, vals...)
	c.chunkMeta = append(c.chunkMeta, dvMeta{docNum: docNum, end: uint64(len(c.chunkBuf))})
}

// write writes the chunks, their end offsets, the offsets' length and
// the number of chunks.
func (c *contentCoder) write(w *segBuf) {
	w.write(c.final)
	start := w.count()
	var end uint64
	for _, l := range c.chunkLens {
		end += l
		w.uvarint(end)
	}
	w.uint64(w.count() - start)
	w.uint64(uint64(len(c.chunkLens)))
}
