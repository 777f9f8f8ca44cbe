package search

// The two chunked encodings of a zap v17 segment (the file format of
// github.com/blevesearch/zapx/v17, which reads what segwriter.go writes):
// a postings list's frequencies and norms, and a field's doc values.
// Both split the documents 0…n-1 into chunks of a fixed number of
// documents, so that a reader decodes only the chunk of the document it
// wants; the chunks are followed or preceded by their end offsets,
// counted from the first chunk's start. TestWriterSamePostings holds the
// result to the bytes bleve's own builder reads back.

import (
	"encoding/binary"
	"hash/crc32"
	"io"
	"slices"

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

// chunkedInts is a postings list's frequencies and norms, encoded as
// zap reads them: for each document, in increasing order, its values as
// varints, in chunks of size documents. Written (writeAt), it is the
// number of chunks, the end of each chunk (cumulative, varints), then
// the chunks' bytes.
type chunkedInts struct {
	size uint64
	data []byte   // every chunk's bytes, one after the other
	ends []uint64 // ends[k]: len(data) after chunk k's last value, 0 if none yet
}

// reset starts a new list of the documents 0…lastDoc in chunks of size.
func (c *chunkedInts) reset(size, lastDoc uint64) {
	c.size = size
	c.data = c.data[:0]
	c.ends = slices.Grow(c.ends[:0], int(lastDoc/size+1))[:lastDoc/size+1]
	clear(c.ends)
}

// add appends the values of doc; documents come in increasing order.
func (c *chunkedInts) add(doc uint64, vals ...uint64) {
	for _, v := range vals {
		c.data = binary.AppendUvarint(c.data, v)
	}
	c.ends[doc/c.size] = uint64(len(c.data))
}

// writeAt writes the list and returns its offset, 0 for an empty one.
func (c *chunkedInts) writeAt(w *segBuf) uint64 {
	if len(c.data) == 0 {
		return 0
	}
	start := w.count()
	w.uvarint(uint64(len(c.ends)))
	var end uint64
	for _, e := range c.ends {
		end = max(end, e) // a chunk without documents ends where the one before did
		w.uvarint(end)
	}
	w.write(c.data)
	return start
}

// writeDocValues writes a field's doc values, docTerms[d] holding
// document d's (nil for none), in chunks of size documents: each chunk
// that has documents, and always the first, is a header (unless size is
// 1: the number of its documents, then for each its number and the end
// of its values in the chunk, varints) followed by its values, snappy-
// compressed unless raw. Then come the end of each chunk (cumulative,
// varints), the byte length of those ends and the number of chunks
// (uint64 each).
func writeDocValues(w *segBuf, docTerms [][]byte, size uint64, raw bool) {
	n := uint64(len(docTerms))
	chunks := (n-1)/size + 1
	ends := make([]uint64, chunks)
	var header, values, packed []byte
	var written uint64
	for k := range chunks {
		header, values = header[:0], values[:0]
		docs := 0
		for d := k * size; d < min((k+1)*size, n); d++ {
			if len(docTerms[d]) == 0 {
				continue
			}
			values = append(values, docTerms[d]...)
			header = binary.AppendUvarint(header, d)
			header = binary.AppendUvarint(header, uint64(len(values)))
			docs++
		}
		if docs > 0 || k == 0 {
			if size == 1 {
				header = header[:0]
			} else {
				header = append(binary.AppendUvarint(nil, uint64(docs)), header...)
			}
			body := values
			if !raw {
				packed = snappy.Encode(packed[:cap(packed)], values)
				body = packed
			}
			w.write(header)
			w.write(body)
			written += uint64(len(header) + len(body))
		}
		ends[k] = written
	}
	start := w.count()
	for _, e := range ends {
		w.uvarint(e)
	}
	w.uint64(w.count() - start)
	w.uint64(chunks)
}
