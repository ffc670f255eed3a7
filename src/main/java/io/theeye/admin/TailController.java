package io.theeye.admin;

import io.theeye.event.Event;
import io.theeye.store.ClientStore;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live tail: a page, and the stream of server-sent events its script reads. The stream ends after a few minutes
 * and the browser opens it again, so that a signed-out or expired session stops it.
 */
@Controller
@ConditionalOnWebApplication
class TailController {

    static final Duration STREAM_LIFETIME = Duration.ofMinutes(5);

    private final LiveTail tail;
    private final ClientStore clients;
    private final JsonMapper json;

    TailController(LiveTail tail, ClientStore clients, JsonMapper json) {
        this.tail = tail;
        this.clients = clients;
        this.json = json;
    }

    @GetMapping("/admin/tail")
    String page(FilterForm form, Model model, HttpServletResponse response) {
        FilterForm.Result parsed = form.parse();
        model.addAttribute("form", form);
        model.addAttribute("clients", clients.findAll());
        model.addAttribute("errors", parsed.errors());
        model.addAttribute(
                "stream",
                parsed.filter() == null
                        ? null
                        : Formats.INSTANCE.link("/admin/tail/stream", FilterForm.parameters(parsed.filter())));
        if (!parsed.errors().isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
        return "admin/tail";
    }

    @GetMapping(path = "/admin/tail/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> stream(FilterForm form) {
        FilterForm.Result parsed = form.parse();
        if (parsed.filter() == null) {
            return ResponseEntity.badRequest().build();
        }
        SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
        Map<java.util.UUID, String> names = new LinkedHashMap<>();
        clients.findAll().forEach(client -> names.put(client.clientId(), client.name()));
        TailViewer viewer = tail.watch(parsed.filter(), new EmitterSink(emitter, names, json));
        if (viewer == null) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
        }
        emitter.onCompletion(viewer::close);
        emitter.onTimeout(viewer::close);
        emitter.onError(e -> viewer.close());
        return ResponseEntity.ok()
                .header("X-Accel-Buffering", "no")
                .header("Cache-Control", "no-store")
                .body(emitter);
    }

    /** Writes a viewer's messages as server-sent events: {@code events} (a JSON array) and {@code missed}. */
    private record EmitterSink(SseEmitter emitter, Map<java.util.UUID, String> names, JsonMapper json)
            implements TailViewer.Sink {

        @Override
        public void events(List<Event> events) throws IOException {
            List<Map<String, Object>> rows = events.stream().map(this::row).toList();
            emitter.send(SseEmitter.event().name("events").data(json.writeValueAsString(rows), MediaType.TEXT_PLAIN));
        }

        private Map<String, Object> row(Event event) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", event.id().toString());
            row.put("client_id", event.clientId().toString());
            row.put(
                    "client",
                    names.getOrDefault(event.clientId(), event.clientId().toString()));
            row.put("session_id", event.sessionId());
            row.put("category", event.category());
            row.put("name", event.name());
            row.put("timestamp", Formats.INSTANCE.isoInstant(event.timestamp()));
            row.put("data", event.data().length() > 300 ? event.data().substring(0, 300) + "…" : event.data());
            return row;
        }

        @Override
        public void missed(long count) throws IOException {
            emitter.send(SseEmitter.event().name("missed").data(Long.toString(count), MediaType.TEXT_PLAIN));
        }

        @Override
        public void heartbeat() throws IOException {
            emitter.send(SseEmitter.event().comment("still here"));
        }

        @Override
        public void close() {
            try {
                emitter.complete();
            } catch (RuntimeException e) {
                // The browser left at the same moment: nothing to end.
            }
        }
    }
}
