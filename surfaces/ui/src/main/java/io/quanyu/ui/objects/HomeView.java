package io.quanyu.ui.objects;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Route;
import io.quanyu.ui.shell.MainLayout;

/** {@code /builder/} opens the object list. */
@Route(value = "", layout = MainLayout.class)
public class HomeView extends Div implements BeforeEnterObserver {

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        event.forwardTo(ObjectsView.class);
    }
}
