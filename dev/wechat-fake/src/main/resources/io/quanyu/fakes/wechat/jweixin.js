/* The WeChat fake's stand-in for WeChat's JS-SDK (jweixin): wx.config, wx.ready, wx.error and wx.addCard, answered
   by the fake that served this script, as WeChat's client would answer them. */
(function () {
  var base = new URL(document.currentScript.src).origin;
  var config = null, state = 'new', failure = null, readyFns = [], errorFns = [];

  function post(path, body) {
    return fetch(base + path, {method: 'POST', headers: {'Content-Type': 'text/plain'}, body: JSON.stringify(body)})
      .then(function (answer) { return answer.json(); });
  }

  function page() {
    return location.href.split('#')[0];
  }

  window.wx = {
    config: function (options) {
      config = options;
      state = 'checking';
      post('/fake/jssdk/config', {appId: options.appId, url: page(), config: options}).then(function (answer) {
        if (answer.errMsg.indexOf('config:ok') === 0) {
          state = 'ready';
          readyFns.splice(0).forEach(function (fn) { fn(); });
        } else {
          state = 'error';
          failure = answer;
          errorFns.splice(0).forEach(function (fn) { fn(answer); });
        }
      });
    },
    ready: function (fn) {
      if (state === 'ready') { fn(); } else { readyFns.push(fn); }
    },
    error: function (fn) {
      if (state === 'error') { fn(failure); } else { errorFns.push(fn); }
    },
    addCard: function (options) {
      post('/fake/jssdk/addCard', {appId: config && config.appId, url: page(), config: config || {},
                                   cardList: options.cardList}).then(function (answer) {
        if (answer.errMsg === 'addCard:ok') {
          if (options.success) { options.success(answer); }
        } else if (options.fail) {
          options.fail(answer);
        }
        if (options.complete) { options.complete(answer); }
      });
    }
  };
})();
