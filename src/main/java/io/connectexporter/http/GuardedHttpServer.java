package io.connectexporter.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

/**
 * The JDK server (HTTP or HTTPS) with a guard applied to every context it creates, so that code
 * adding endpoints needs to know nothing of basic auth: each new endpoint is protected as it is
 * made.
 */
final class GuardedHttpServer extends HttpServer {

  private final HttpServer delegate;
  private final UnaryOperator<HttpContext> guard;

  GuardedHttpServer(HttpServer delegate, UnaryOperator<HttpContext> guard) {
    this.delegate = delegate;
    this.guard = guard;
  }

  @Override
  public HttpContext createContext(String path, HttpHandler handler) {
    return guard.apply(delegate.createContext(path, handler));
  }

  @Override
  public HttpContext createContext(String path) {
    return guard.apply(delegate.createContext(path));
  }

  @Override
  public void bind(InetSocketAddress addr, int backlog) throws IOException {
    delegate.bind(addr, backlog);
  }

  @Override
  public void start() {
    delegate.start();
  }

  @Override
  public void setExecutor(Executor executor) {
    delegate.setExecutor(executor);
  }

  @Override
  public Executor getExecutor() {
    return delegate.getExecutor();
  }

  @Override
  public void stop(int delay) {
    delegate.stop(delay);
  }

  @Override
  public void removeContext(String path) {
    delegate.removeContext(path);
  }

  @Override
  public void removeContext(HttpContext context) {
    delegate.removeContext(context);
  }

  @Override
  public InetSocketAddress getAddress() {
    return delegate.getAddress();
  }
}
