package io.looklook.travel.adapter.web;

import io.looklook.platform.web.ApiResponse;
import io.looklook.travel.adapter.web.TravelRequests.CommentListReq;
import io.looklook.travel.adapter.web.TravelViews.HomestayCommentView;
import io.looklook.travel.adapter.web.TravelViews.ListResp;
import io.looklook.travel.application.BrowseCatalog;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** looklook travel-api {@code /travel/v1/homestayComment/commentList}: real comments (the original was a stub). */
@RestController
@RequestMapping(path = "/travel/v1/homestayComment")
public class HomestayCommentController {

    private final BrowseCatalog catalog;

    public HomestayCommentController(BrowseCatalog catalog) {
        this.catalog = catalog;
    }

    @PostMapping("/commentList")
    public Mono<ApiResponse<ListResp<HomestayCommentView>>> commentList(@Valid @RequestBody CommentListReq req) {
        long homestayId = req.homestayId() == null ? 0 : req.homestayId();
        return catalog.comments(homestayId, req.lastId(), req.pageSize().intValue())
                .map(list -> ApiResponse.ok(new ListResp<>(list.stream().map(HomestayCommentView::of).toList())));
    }
}
