package io.quanyu.server.web;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.server.config.QuanyuProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Map;

/**
 * Refuses API request bodies above the configured size with 413 {@code PAYLOAD_TOO_LARGE}: at once when the
 * declared length is too big, and while reading when a chunked body grows past it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class BodySizeLimitFilter extends OncePerRequestFilter {
    private final ErrorResponses errors;
    private final long limit;

    public BodySizeLimitFilter(ErrorResponses errors, QuanyuProperties properties) {
        this.errors = errors;
        this.limit = properties.api().maxBodyBytes();
    }

    /** Plugin release uploads: the largest package (20 MiB) plus room for the multipart envelope and signature. */
    static final long PACKAGE_UPLOAD_LIMIT = 21L * 1024 * 1024;

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return !uri.startsWith("/api/") && !uri.equals("/graphql") && !uri.startsWith("/hooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long allowed = limitFor(request);
        if (request.getContentLengthLong() > allowed) {
            errors.write(response, tooLarge(allowed));
            return;
        }
        chain.doFilter(new Limited(request, allowed), response);
    }

    private long limitFor(HttpServletRequest request) {
        String uri = request.getRequestURI();
        boolean upload = uri.equals("/api/v1/marketplace/releases") || uri.equals("/api/v1/platform/plugins/local");
        return upload ? Math.max(limit, PACKAGE_UPLOAD_LIMIT) : limit;
    }

    static QuanyuException tooLarge(long limit) {
        return new QuanyuException(ErrorCode.PAYLOAD_TOO_LARGE, Map.of("limitBytes", limit));
    }

    /** Thrown while reading a body that exceeds the limit; the exception handler answers 413. */
    public static final class BodyTooLargeException extends IOException {
        final long limit;

        BodyTooLargeException(long limit) {
            super("request body larger than " + limit + " bytes");
            this.limit = limit;
        }

        public QuanyuException toQuanyu() {
            return tooLarge(limit);
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class Counting extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            return n < 0 ? n : count(n);
        }

        private int count(int n) throws IOException {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
