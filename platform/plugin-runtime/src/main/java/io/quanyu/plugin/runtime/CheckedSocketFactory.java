package io.quanyu.plugin.runtime;

import io.quanyu.plugin.sdk.PluginException;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;

/**
 * Sockets for protocols other than HTTP (SMTP, for one), checked like the release's HTTP: a socket connects only to
 * a host its manifest's egress declares, only to an address that host was checked to resolve to (so a name that
 * resolves again to a private address in between is never reached), within the connect cap, with reads capped by
 * default. A refused destination fails {@code connect} with a {@link SocketException} whose message starts with the
 * code ({@code EGRESS_NOT_DECLARED: ...}), as libraries expect an {@link IOException} there. Layer TLS over a
 * connected socket with {@code SSLSocketFactory.createSocket(socket, host, port, true)}.
 */
final class CheckedSocketFactory extends SocketFactory {
    private final Egress egress;
    private final Duration connectCap;
    private final Duration readCap;

    CheckedSocketFactory(Egress egress, Duration connectCap, Duration readCap) {
        this.egress = egress;
        this.connectCap = connectCap;
        this.readCap = readCap;
    }

    @Override
    public Socket createSocket() {
        return new CheckedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket socket = new CheckedSocket();
        socket.connect(InetSocketAddress.createUnresolved(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = new CheckedSocket();
        socket.bind(new InetSocketAddress(localHost, localPort));
        socket.connect(InetSocketAddress.createUnresolved(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return createSocket(host.getHostAddress(), port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return createSocket(address.getHostAddress(), port, localAddress, localPort);
    }

    /** A socket that checks where it connects. */
    private final class CheckedSocket extends Socket {
        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress target)) {
                throw new SocketException("EGRESS_NOT_DECLARED: only host and port destinations are allowed");
            }
            List<InetAddress> addresses;
            try {
                addresses = egress.check(target.getHostString(), target.getPort());
            } catch (PluginException e) {
                throw new SocketException(e.code() + ": " + e.getMessage());
            }
            long cap = connectCap.toMillis();
            super.connect(new InetSocketAddress(addresses.getFirst(), target.getPort()),
                    timeout <= 0 ? (int) cap : (int) Math.min(timeout, cap));
            if (getSoTimeout() == 0) {
                setSoTimeout((int) readCap.toMillis());
            }
        }
    }
}
