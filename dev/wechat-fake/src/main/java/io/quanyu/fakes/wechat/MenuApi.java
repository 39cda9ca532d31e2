package io.quanyu.fakes.wechat;

import tools.jackson.databind.JsonNode;

/**
 * The custom menu (reference §3.7): {@code menu/create}, {@code menu/get}, {@code menu/addconditional} (answers the
 * new {@code menuid} as a string, as WeChat does) and {@code menu/delconditional}. The rules live in {@link Menus}.
 */
final class MenuApi {

    static final String CREATE = "/cgi-bin/menu/create";
    static final String GET = "/cgi-bin/menu/get";
    static final String ADD_CONDITIONAL = "/cgi-bin/menu/addconditional";
    static final String DELETE_CONDITIONAL = "/cgi-bin/menu/delconditional";

    private final Authorizer authorizer;

    MenuApi(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    void register(Router router) {
        router.post(CREATE, this::create);
        router.get(GET, this::get);
        router.post(ADD_CONDITIONAL, this::addConditional);
        router.post(DELETE_CONDITIONAL, this::deleteConditional);
    }

    private ApiResponse create(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, CREATE);
        JsonNode body = request.wechatJson();
        synchronized (account) {
            account.menus.create(body.path("button"));
        }
        return ApiResponse.ok();
    }

    private ApiResponse get(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, GET);
        synchronized (account) {
            return ApiResponse.json(account.menus.get());
        }
    }

    private ApiResponse addConditional(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, ADD_CONDITIONAL);
        JsonNode body = request.wechatJson();
        synchronized (account) {
            long id = account.menus.addConditional(body.path("button"), body.path("matchrule"));
            return ApiResponse.json(Json.map("menuid", Long.toString(id)));
        }
    }

    private ApiResponse deleteConditional(ApiRequest request) {
        OfficialAccount account = authorizer.authorize(request, DELETE_CONDITIONAL);
        String menuId = Json.text(request.wechatJson(), "menuid");
        if (menuId == null || !menuId.matches("\\d+")) {
            throw new WeChatError(65301, "no conditional menu with this menuid");
        }
        synchronized (account) {
            account.menus.deleteConditional(Long.parseLong(menuId));
        }
        return ApiResponse.ok();
    }
}
