package serve

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"syscall"
)

// DefaultPort is the port the preview listens on unless told otherwise.
const DefaultPort = 1313

// PortInUseError reports that another program already listens on the
// port asked for.
type PortInUseError struct {
	Host string
	Port int
	Err  error
}

// Error says it in Italian, with the way out.
func (e *PortInUseError) Error() string {
	return fmt.Sprintf("la porta %d di %s è già in uso (forse c'è già un'anteprima aperta in un altro terminale): "+
		"chiudila oppure scegli un'altra porta, per esempio --port %d", e.Port, e.Host, e.Port+1)
}

// Unwrap returns the system error.
func (e *PortInUseError) Unwrap() error { return e.Err }

// Listen opens a TCP listener on host:port (port 0 picks a free one). A
// port already taken gives a *PortInUseError.
func Listen(host string, port int) (net.Listener, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil, &PortInUseError{Host: host, Port: port, Err: err}
		}
		return nil, fmt.Errorf("impossibile ascoltare su %s: %w", net.JoinHostPort(host, strconv.Itoa(port)), err)
	}
	return ln, nil
}

// URL is the address readers open for a listener: http://host:port/.
func URL(ln net.Listener) string {
	return "http://" + ln.Addr().String() + "/"
}
