package io.quanyu.ui;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.theme.lumo.Lumo;

/** The page shell of the builder: the Lumo theme (free components only, no frontend code of our own). */
@StyleSheet(Lumo.STYLESHEET)
public class BuilderShell implements AppShellConfigurator {
}
