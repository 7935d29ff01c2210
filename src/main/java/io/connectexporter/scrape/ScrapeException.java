package io.connectexporter.scrape;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CancellationException;
import javax.net.ssl.SSLException;

/**
 * A failed request to a target, with a short, bounded {@code reason} used as a label value
 * (timeout, refused, unknown_host, tls, http_503, unparsable, too_large, io, ...). Messages name
 * the target URL without credentials and never include response bodies (they may echo configs).
 */
public final class ScrapeException extends Exception {

  private final String reason;

  public ScrapeException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }

  public static ScrapeException httpStatus(String target, int status) {
    return httpStatus(target, status, ClientCertificateRequests.Outcome.NOT_ASKED);
  }

  /**
   * A non-200 answer. Some servers only ask for a client certificate and then refuse the request
   * without one (the Jolokia JVM agent answers 401): the message then says none was sent.
   */
  static ScrapeException httpStatus(
      String target, int status, ClientCertificateRequests.Outcome clientCertificate) {
    String hint =
        (status == 401 || status == 403)
                && clientCertificate == ClientCertificateRequests.Outcome.ASKED_NONE_OFFERED
            ? "; the server asked for a client certificate and none is configured (tls.key-store)"
            : "";
    return new ScrapeException("http_" + status, target + " answered HTTP " + status + hint, null);
  }

  public static ScrapeException unparsable(String target, String detail, Throwable cause) {
    String safe = detail == null ? "" : firstLine(detail);
    return new ScrapeException(
        "unparsable", target + " answered something we cannot parse: " + safe, cause);
  }

  /** Classifies an I/O failure into a reason. */
  public static ScrapeException of(String target, Throwable e) {
    return of(target, e, ClientCertificateRequests.Outcome.NOT_ASKED);
  }

  /**
   * Classifies an I/O failure of a request during which the server may have asked for a client
   * certificate. If it did, a dropped connection (broken pipe, reset, no answer) is how TLS 1.3
   * servers refusing the client usually look from here: it counts as {@code tls}, with a hint.
   */
  static ScrapeException of(
      String target, Throwable e, ClientCertificateRequests.Outcome clientCertificate) {
    if (e instanceof ScrapeException se) {
      return se;
    }
    String reason = reason(e);
    String hint = "";
    if (clientCertificate != ClientCertificateRequests.Outcome.NOT_ASKED
        && (reason.equals("io") || reason.equals("tls"))) {
      reason = "tls";
      hint =
          clientCertificate == ClientCertificateRequests.Outcome.ASKED_NONE_OFFERED
              ? "; the server asked for a client certificate and none is configured (tls.key-store) or none"
                  + " is from a CA it accepts"
              : "; the server asked for a client certificate and may have refused ours (expired, or from a CA"
                  + " it does not trust)";
    }
    String detail = e.getClass().getSimpleName() + detail(e) + hint;
    return new ScrapeException(reason, target + " failed (" + reason + "): " + detail, e);
  }

  private static String reason(Throwable e) {
    String reason;
    if (e instanceof SocketTimeoutException
        || e instanceof InterruptedIOException
        || e instanceof CancellationException
        || e instanceof java.util.concurrent.TimeoutException
        || e instanceof org.apache.hc.client5.http.ConnectTimeoutException) {
      reason = "timeout";
    } else if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      reason = "refused";
    } else if (e instanceof UnknownHostException) {
      reason = "unknown_host";
    } else if (e instanceof SSLException) {
      reason = "tls";
    } else if (e instanceof CappedInputStream.TooLargeException) {
      reason = "too_large";
    } else if (e instanceof JsonProcessingException
        || e instanceof UnparsableException
        || e instanceof java.util.zip.ZipException) {
      reason = "unparsable";
    } else {
      reason = "io";
    }
    return reason;
  }

  /**
   * A parser's message can quote the body it choked on (a connector config, a password): for JSON
   * errors only the position is kept.
   */
  private static String detail(Throwable e) {
    if (e instanceof JsonProcessingException j) {
      return j.getLocation() == null
          ? ""
          : " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr();
    }
    return e.getMessage() == null ? "" : ": " + firstLine(e.getMessage());
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
